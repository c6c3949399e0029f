# The scripts' messages (the player, uploads, live status). The scripts read text,
# { $variable } and selectors only: no functions, terms or references to other messages.

## Spoken durations: what a screen reader says for a position ("1:23" reads badly)

web-hours = { $n ->
    [zero] { $n } ساعة
    [one] ساعة واحدة
    [two] ساعتان
    [few] { $n } ساعات
    [many] { $n } ساعة
   *[other] { $n } ساعة
}
web-minutes = { $n ->
    [zero] { $n } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $n } دقائق
    [many] { $n } دقيقة
   *[other] { $n } دقيقة
}
web-seconds = { $n ->
    [zero] { $n } ثانية
    [one] ثانية واحدة
    [two] ثانيتان
    [few] { $n } ثوانٍ
    [many] { $n } ثانية
   *[other] { $n } ثانية
}
# Two parts of a spoken duration: "ساعة واحدة" and "دقيقتان و٥ ثوانٍ"
web-duration-and = { $first } و{ $rest }

## "3 minutes ago" on times the page keeps current: the server's time-ago-* messages

web-just-now = الآن
web-ago-years = { $n ->
    [zero] منذ { $n } سنة
    [one] منذ سنة
    [two] منذ سنتين
    [few] منذ { $n } سنوات
    [many] منذ { $n } سنة
   *[other] منذ { $n } سنة
}
web-ago-months = { $n ->
    [zero] منذ { $n } شهر
    [one] منذ شهر
    [two] منذ شهرين
    [few] منذ { $n } أشهر
    [many] منذ { $n } شهرًا
   *[other] منذ { $n } شهر
}
web-ago-weeks = { $n ->
    [zero] منذ { $n } أسبوع
    [one] منذ أسبوع
    [two] منذ أسبوعين
    [few] منذ { $n } أسابيع
    [many] منذ { $n } أسبوعًا
   *[other] منذ { $n } أسبوع
}
web-ago-days = { $n ->
    [zero] منذ { $n } يوم
    [one] منذ يوم
    [two] منذ يومين
    [few] منذ { $n } أيام
    [many] منذ { $n } يومًا
   *[other] منذ { $n } يوم
}
web-ago-hours = { $n ->
    [zero] منذ { $n } ساعة
    [one] منذ ساعة
    [two] منذ ساعتين
    [few] منذ { $n } ساعات
    [many] منذ { $n } ساعة
   *[other] منذ { $n } ساعة
}
web-ago-minutes = { $n ->
    [zero] منذ { $n } دقيقة
    [one] منذ دقيقة
    [two] منذ دقيقتين
    [few] منذ { $n } دقائق
    [many] منذ { $n } دقيقة
   *[other] منذ { $n } دقيقة
}

## Sizes: the number comes already written

web-size-bytes = { $n } بايت
web-size-kilobytes = { $n } ك.ب
web-size-megabytes = { $n } م.ب
web-size-gigabytes = { $n } ج.ب

## A video's processing state, kept current beside it

web-status-uploaded = تم الرفع
web-status-processing = جارٍ المعالجة { $percent }٪
web-status-playable = قابل للتشغيل، تمت معالجة { $percent }٪
web-status-ready = جاهز
web-status-failed = فشل
web-status-processing-failed = فشلت المعالجة.

## Calls to the server that failed without a message of its own

web-error-unreachable = تعذّر الوصول إلى الخادم. تحقّق من الاتصال وحاول مرة أخرى.
# $status: the HTTP status code (404)
web-error-status = ردّ الخادم بالرمز { $status }.

## Copy buttons, and the notifications link in the top bar

web-copy-done = تم النسخ
web-copy-by-hand = اضغط Ctrl+C للنسخ
# The badge's text past 99 unread ($n is 99)
web-notifications-more = { $n }+
web-notifications-unread = { $n ->
    [zero] الإشعارات، { $n } إشعار غير مقروء
    [one] الإشعارات، إشعار واحد غير مقروء
    [two] الإشعارات، إشعاران غير مقروءين
    [few] الإشعارات، { $n } إشعارات غير مقروءة
    [many] الإشعارات، { $n } إشعارًا غير مقروء
   *[other] الإشعارات، { $n } إشعار غير مقروء
}

## The player: its buttons, menus and what it tells screen readers

web-player-unsupported = لا يستطيع هذا المتصفح تشغيل هذا الفيديو: فهو لا يدعم HLS ولا Media Source Extensions. يمكن تشغيله بإصدار حديث من Firefox أو Chrome أو Edge أو Safari.
web-player-play = تشغيل
web-player-pause = إيقاف مؤقت
web-player-mute = كتم الصوت
web-player-unmute = إلغاء كتم الصوت
web-player-muted = تم كتم الصوت
web-player-sound-on = الصوت مفعّل
web-player-volume = مستوى الصوت
web-player-volume-changed = مستوى الصوت { $percent }٪
# The volume slider's value, for screen readers
web-player-percent = { $percent }٪
web-player-fullscreen = ملء الشاشة
web-player-exit-fullscreen = الخروج من ملء الشاشة
web-player-seek = موضع التشغيل
# The seek bar's position for screen readers: "دقيقة واحدة و٥ ثوانٍ من ٣ دقائق"
web-player-seek-position = { $position } من { $duration }
web-player-seek-chapter = { $position } من { $duration }، { $chapter }
web-player-still-processing = لا تزال المعالجة جارية — المزيد في الطريق
# Followed by the "Start over" button; $time is a clock time (١:٢٣)
web-player-resumed = استُؤنف التشغيل عند { $time } —
web-player-start-over = البدء من جديد
web-player-dismiss = إغلاق
web-player-chapters = الفصول
web-player-quality = الجودة
web-player-quality-label = الجودة: { $name }
web-player-quality-auto = تلقائي
# $name: the rendition playing now (720p)
web-player-quality-auto-playing = تلقائي ({ $name })
web-player-mbps = { $rate } ميغابت/ث
web-player-kbps = { $rate } كيلوبت/ث
web-player-captions = الترجمة
# The captions button's own text: short, like the symbol on a remote (CC is the one Arabic interfaces show too)
web-player-captions-button = CC
web-player-captions-label = الترجمة: { $name }
web-player-captions-off = إيقاف
# Said when the `c` key turns captions on or off; $name is the track's, or "إيقاف"
web-player-captions-changed = الترجمة: { $name }
web-player-audio = الصوت
web-player-audio-label = الصوت: { $name }
web-player-audio-default = الافتراضي
web-player-speed = سرعة التشغيل
web-player-speed-label = سرعة التشغيل: { $speed }
# A playback rate: ١٫٥×
web-player-speed-rate = { $rate }×
web-player-speed-normal = عادية
web-player-speed-changed = السرعة { $speed }
web-player-pip = صورة داخل صورة
web-player-pip-exit = الخروج من وضع صورة داخل صورة
web-player-pip-on = تم تفعيل وضع صورة داخل صورة
web-player-pip-off = تم إيقاف وضع صورة داخل صورة
web-player-remote = التشغيل على جهاز آخر
web-player-remote-on = يجري التشغيل على جهاز آخر
web-player-remote-off = عاد التشغيل إلى هذا الجهاز
web-player-theatre = وضع المسرح
web-player-theatre-exit = العرض الافتراضي
web-player-theatre-on = تم تفعيل وضع المسرح
web-player-theatre-off = تم إيقاف وضع المسرح

## The player's messages when playback stops

web-player-error-expired = انتهت صلاحية رابط التشغيل هذا. أعد تحميل الصفحة لمتابعة المشاهدة.
web-player-error-network = تعذّر تحميل الفيديو. تحقّق من الاتصال، ثم أعد تحميل الصفحة.
web-player-error-decode = لم يتمكن هذا المتصفح من فك ترميز الفيديو.
web-player-error-unsupported = لا يستطيع هذا المتصفح تشغيل هذا الفيديو، أو انتهت صلاحية رابط التشغيل. أعد تحميل الصفحة للمحاولة مرة أخرى.
web-player-error-stopped = توقف التشغيل. أعد تحميل الصفحة للمحاولة مرة أخرى.
# $details: the player library's name for what failed (manifestLoadError), left as it is
web-player-error-stopped-because = توقف التشغيل ({ $details }). أعد تحميل الصفحة للمحاولة مرة أخرى.

## Screens at once: the dialog shown when the account's plan plays on no more screens
web-player-stream-ended = توقف التشغيل: أُوقفت هذه الشاشة من شاشة أخرى، أو تُركت مدة طويلة. أعد تحميل الصفحة للمشاهدة من جديد.
web-player-screens-title = شاشات كثيرة جدًا
web-player-screens-intro = { $count ->
    [zero] لا تسمح خطتك بأي شاشة ({ $count }). أوقف إحداها للمشاهدة هنا.
    [one] تسمح خطتك بشاشة واحدة في الوقت نفسه، وهي مشغولة. أوقفها للمشاهدة هنا.
    [two] تسمح خطتك بشاشتين في الوقت نفسه، وكلتاهما مشغولة. أوقف إحداهما للمشاهدة هنا.
    [few] تسمح خطتك بـ{ $count } شاشات في الوقت نفسه، وكلها مشغولة. أوقف إحداها للمشاهدة هنا.
    [many] تسمح خطتك بـ{ $count } شاشة في الوقت نفسه، وكلها مشغولة. أوقف إحداها للمشاهدة هنا.
   *[other] تسمح خطتك بـ{ $count } شاشة في الوقت نفسه، وكلها مشغولة. أوقف إحداها للمشاهدة هنا.
}
# $device: a browser and system ("Firefox on Linux"); $title: what it plays; $since: a time or date
web-player-screens-entry = { $device }: { $title }، منذ { $since }
web-player-screens-unavailable = عنصر لم يعد متاحًا
web-player-screens-stop = إيقاف
web-player-screens-play-here = شاهد هنا
web-player-screens-ask = كل شاشات هذا الحساب مشغولة. اطلب من أحد الكبار إيقاف إحداها.

## The keyboard shortcuts dialog (`?`): the keys themselves stay as they are

web-shortcuts-title = اختصارات لوحة المفاتيح
web-shortcuts-close = إغلاق
# Two keys that do the same: "K أو مسافة"
web-shortcuts-either = { $first } أو { $second }
# A row of keys: "من 0 إلى 9"
web-shortcuts-range = من { $first } إلى { $second }
# The space bar's name on its key cap
web-shortcuts-space = مسافة
web-shortcuts-play = تشغيل أو إيقاف مؤقت
web-shortcuts-seek = { $n ->
    [zero] الرجوع أو التقدّم { $n } ثانية
    [one] الرجوع أو التقدّم ثانية واحدة
    [two] الرجوع أو التقدّم ثانيتين
    [few] الرجوع أو التقدّم { $n } ثوانٍ
    [many] الرجوع أو التقدّم { $n } ثانية
   *[other] الرجوع أو التقدّم { $n } ثانية
}
web-shortcuts-jump = الانتقال إلى ما بين { $from }٪ و{ $to }٪ من الفيديو
web-shortcuts-volume = رفع مستوى الصوت أو خفضه (داخل المشغّل)
web-shortcuts-mute = كتم الصوت أو إلغاء كتمه
web-shortcuts-captions = تشغيل الترجمة أو إيقافها
web-shortcuts-speed = أبطأ أو أسرع
web-shortcuts-pip = صورة داخل صورة
web-shortcuts-theatre = وضع المسرح
web-shortcuts-fullscreen = ملء الشاشة
web-shortcuts-help = هذه القائمة

## The upload page

# Stands for the file's name when an unfinished upload has none
web-upload-a-file = ملف
# $file: the file's name, shown in bold
web-upload-unfinished = لم يكتمل رفع { $file }. اختر الملف نفسه للمتابعة.
web-upload-unfinished-percent = لم يكتمل رفع { $file } ({ $percent }٪). اختر الملف نفسه للمتابعة.
# $size and $limit come already written (٣٫٤ ج.ب)
web-upload-too-large = حجم { $name } هو { $size }، وهذا يتجاوز الحد الذي يقبله هذا الخادم ({ $limit }). لم يُرسَل أي شيء.
web-upload-percent = { $percent }٪
# $n comes already written (١٢٫٥)
web-upload-rate = { $n } م.ب/ث
web-upload-left-moment = بقيت ثوانٍ قليلة
web-upload-left-seconds = بقي نحو { $n } ث
web-upload-left-minutes = بقي نحو { $n } د
web-upload-left-hours = بقي نحو { $n } س
web-upload-left-hours-minutes = بقي نحو { $hours } س و{ $minutes } د
web-upload-uploaded = اكتمل الرفع
web-upload-paused = متوقف مؤقتًا
web-upload-saving = جارٍ الحفظ…
web-upload-saved = تم الحفظ
web-upload-error-unreachable = توقف الرفع: تعذّر الوصول إلى الخادم. تابِع عند عودة الاتصال، أو اختر الملف نفسه لاحقًا للمتابعة.
# $status: the HTTP status code (413)
web-upload-error-refused = رفض الخادم الرفع ({ $status }).
