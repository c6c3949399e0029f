# The creator's side: "my videos", the upload page, editing a video (its details, audio
# tracks, captions, chapters, who may play it), deleting it, and its share links and embed.

## "My videos"

studio-title = فيديوهاتي
studio-column-video = الفيديو
studio-column-status = الحالة
studio-column-visibility = الظهور
studio-column-views = المشاهدات
studio-column-uploaded = تاريخ الرفع
# Read by screen readers only: the column of buttons.
studio-column-actions = الإجراءات
# A button on a failed video: process it again.
studio-retry = إعادة المحاولة
studio-edit = تعديل
studio-delete = حذف
# Read by screen readers after the "Analytics" button: "Analytics of My holiday".
studio-analytics-of = لـ { $title }
studio-older = فيديوهات أقدم
# "You have not uploaded anything yet. Upload a video." — the second sentence is a link.
studio-empty = لم ترفع أي شيء بعد.
studio-empty-upload = ارفع فيديو
# What follows the link: the end of the sentence.
studio-empty-after = .

## Visibility: who may see a video

studio-visibility-members = الأعضاء
studio-visibility-private = خاص
studio-visibility-public = عام
# The menu of the upload and edit forms.
studio-visibility-choice-members = الأعضاء: كل من سجّل الدخول
studio-visibility-choice-private = خاص: أنت فقط
studio-visibility-choice-public = عام: الجميع، سواء سجّلوا الدخول أم لا

## The notice at the top after a change

studio-notice-saved = تم الحفظ.
studio-notice-deleted = حُذف الفيديو.
studio-notice-retried = تجري معالجة الفيديو من جديد.
studio-notice-loudness-saved = تم الحفظ. يُطبَّق ذلك في المرة القادمة التي يُعالَج فيها الفيديو.
studio-notice-audio-saved = حُفظ المسار الصوتي. يراه المشغّلون في المرة القادمة التي يُحمِّلون فيها الفيديو.
studio-notice-caption-added = أُضيف مسار الترجمة. يراه المشغّلون في المرة القادمة التي يُحمِّلون فيها الفيديو.
studio-notice-caption-removed = أُزيل مسار الترجمة.
studio-notice-chapters-saved = حُفظت الفصول. تبقى كما هي عند معالجة الفيديو من جديد.

## Fields the upload and edit forms share

studio-field-title = العنوان
studio-field-description = الوصف
studio-field-visibility = الظهور
studio-field-language = اللغة
# Beside a language field: language tags are typed as they are.
studio-hint-language = (مثل en أو fr أو pt-BR)
studio-save = حفظ
studio-cancel = إلغاء

## The upload page

studio-upload-title = رفع فيديو
studio-upload-not-allowed = يمكن لحسابك مشاهدة الفيديوهات لكن لا يمكنه رفعها. يستطيع أحد المسؤولين أن يجعلك صانع محتوى.
# Followed by the "Choose a file" button.
studio-upload-drop = اسحب فيديو إلى هنا أو
studio-upload-choose = اختر ملفًا
# $size: the largest upload, already written ("2 GB").
studio-upload-hint = حتى { $size }. يُستأنف الرفع من حيث توقف، حتى بعد إعادة تحميل الصفحة: اختر الملف نفسه من جديد.
studio-upload-progress = تقدّم الرفع
studio-upload-pause = إيقاف مؤقت
studio-upload-resume = استئناف
studio-upload-watch = مشاهدة
studio-upload-needs-script = يتطلب الرفع تفعيل JavaScript.

## The edit page: the video's details

studio-edit-page-title = تعديل: { $title }
studio-edit-title = تعديل الفيديو
studio-edit-comments = يمكن للأعضاء التعليق
studio-edit-catalogue = الفهرس
studio-edit-kind = النوع
studio-edit-genres = الأنواع الفنية
studio-edit-tags = الوسوم
studio-hint-commas = (مفصولة بفواصل)
studio-edit-year = السنة
studio-edit-rating = التصنيف العمري
studio-edit-not-rated = غير مصنَّف
studio-edit-credits = فريق عمل الفيلم
studio-edit-director = الإخراج
studio-edit-cast = طاقم التمثيل
studio-hint-cast = (مفصولة بفواصل، بترتيب الظهور في الشارة)
studio-edit-music = الموسيقى
studio-edit-artist = الفنان
studio-edit-album = الألبوم
studio-edit-album-artist = فنان الألبوم
# A music track's number on its album.
studio-edit-track = المقطوعة
# The disc's number, in an album of several.
studio-edit-disc = القرص
studio-edit-series = المسلسل
# The series a video is an episode of.
studio-edit-episode-of = حلقة من
studio-edit-no-series = بلا مسلسل
studio-edit-season = الموسم
studio-edit-episode = الحلقة
studio-edit-share = المشاركة والتضمين…
studio-edit-delete = حذف…

## What kind of item a video is

studio-kind-video = فيديو
studio-kind-film = فيلم
studio-kind-episode = حلقة
studio-kind-music = موسيقى
studio-kind-podcast = بودكاست

## The edit page: audio tracks

studio-audio-title = المسارات الصوتية
studio-audio-intro = كل دفق صوتي في الملف المرفوع مسار؛ تعرضها المشغّلات بهذه التسميات.
studio-audio-label = التسمية
studio-hint-audio-language = (مثل en أو fr؛ فارغ: غير معروفة)
# The track players pick first.
studio-audio-plays-first = يُشغَّل أولًا
# Two channels; more are written as 5.1, 7.1.
studio-audio-stereo = ستيريو
# $integrated and $peak are written already (-23.4); LUFS and dBTP are units.
studio-audio-loudness = المقيس { $integrated } LUFS، الذروة الحقيقية { $peak } dBTP
# $gain: how many dB the volume was turned up.
studio-audio-loudness-raised = المقيس { $integrated } LUFS، الذروة الحقيقية { $peak } dBTP؛ رُفع بمقدار { $gain } dB
# $gain: how many dB the volume was turned down.
studio-audio-loudness-lowered = المقيس { $integrated } LUFS، الذروة الحقيقية { $peak } dBTP؛ خُفض بمقدار { $gain } dB
studio-audio-loudness-limited = المقيس { $integrated } LUFS، الذروة الحقيقية { $peak } dBTP؛ سُوّي بمحدِّد
# Read by screen readers for a track's Save button.
studio-audio-save-label = حفظ المسار الصوتي { $label }
# $target: the site's loudness target, written already (-16.0).
studio-audio-normalize = ضبط علوّ الصوت على { $target } LUFS (بدءًا من المعالجة القادمة)
studio-audio-save-loudness = حفظ علوّ الصوت

## The edit page: captions and subtitles

studio-captions-title = الترجمة والشرح النصي
studio-captions-none = لا مسارات ترجمة بعد. تُضاف مسارات الترجمة النصية الموجودة في الملف المرفوع عند معالجته.
# English has always written "cues", even for one; a translation may use the plural forms.
studio-caption-cues = { PLURAL($n) ->
    [zero] { $n } مقطع
    [one] مقطع واحد
    [two] مقطعان
    [few] { $n } مقاطع
    [many] { $n } مقطعًا
   *[other] { $n } مقطع
}
# The track came with the uploaded file (rather than being added here).
studio-caption-from-file = من ملف الفيديو
studio-caption-remove = إزالة
# Read by screen readers for a track's Remove button.
studio-caption-remove-label = إزالة { $label }
studio-caption-file = ملف WebVTT أو SRT
studio-caption-file-missing = اختر ملف WebVTT أو SRT لإضافته.
studio-caption-label = التسمية
studio-hint-caption-label = (اختياري: تظهر في القائمة)
studio-caption-add = إضافة مسار ترجمة
# The kinds of caption track, in the form's menu.
studio-caption-kind-subtitles = ترجمة
studio-caption-kind-captions = شرح نصي للصم وضعاف السمع
studio-caption-kind-descriptions = وصف للمكفوفين
# The same, within a line about a track: "fr · subtitles · 120 cues".
studio-caption-kind-lower-subtitles = ترجمة
studio-caption-kind-lower-captions = شرح نصي للصم وضعاف السمع
studio-caption-kind-lower-descriptions = وصف للمكفوفين

## The edit page: chapters

studio-chapters-title = الفصول
# Followed by two examples of a line, joined by studio-chapters-intro-or, then studio-chapters-intro-after.
studio-chapters-intro = فصل في كل سطر: موضع بدايته، ثم عنوانه، مثل
# Examples of a chapter line: a time, a space, a title (translate the title only).
studio-chapters-example-first = 0:00 الافتتاح
studio-chapters-example-last = 1:02:03 الختام
studio-chapters-intro-or = أو
studio-chapters-intro-after = . يضع المشغّل علامات لها على شريط التقدّم ويعرضها في قائمة. تُقرأ الفصول الموجودة في الملف المرفوع عند معالجته؛ وبعد حفظ القائمة هنا تصبح قائمتك وتحتفظ بها المعالجة.
studio-chapters-save = حفظ الفصول

## The edit page: who may play the video

studio-plan-label = من يمكنه تشغيله
studio-plan-everyone = كل من يمكنه رؤيته
# $plan: the name of a paid plan.
studio-plan-only = مشتركو الخطة «{ $plan }» فقط
studio-plan-save = حفظ من يمكنه تشغيله

## Deleting a video

studio-delete-page-title = حذف: { $title }
studio-delete-title = حذف هذا الفيديو؟
# Follows the video's title, in bold. $views: the view count as written ("1.2K"); $n: the
# exact count, for plurals. English has always written "views", even for one.
studio-delete-body = { PLURAL($n) ->
    [zero] ({ $views } مشاهدة) وسيُحذف كل ملف صُنع منه. لا يمكن التراجع عن ذلك.
    [one] (مشاهدة واحدة) وسيُحذف كل ملف صُنع منه. لا يمكن التراجع عن ذلك.
    [two] (مشاهدتان) وسيُحذف كل ملف صُنع منه. لا يمكن التراجع عن ذلك.
    [few] ({ $views } مشاهدات) وسيُحذف كل ملف صُنع منه. لا يمكن التراجع عن ذلك.
    [many] ({ $views } مشاهدة) وسيُحذف كل ملف صُنع منه. لا يمكن التراجع عن ذلك.
   *[other] ({ $views } مشاهدة) وسيُحذف كل ملف صُنع منه. لا يمكن التراجع عن ذلك.
}
studio-delete-confirm = حذف نهائي
studio-delete-keep = الإبقاء عليه

## Share links and the embed

studio-share-page-title = مشاركة: { $title }
# A link back to the video's edit page.
studio-share-back = تعديل «{ $title }»
studio-share-title = المشاركة والتضمين
# $until: when the link stops working.
studio-share-made = يمكن لأي شخص لديه هذا الرابط مشاهدة الفيديو، دون حساب، حتى { $until }. انسخه الآن: لن يُعرض مرة أخرى.
studio-share-copy = نسخ
# Followed by the link's address for the embeddable player.
studio-share-made-embed = لصفحة في موقع آخر:
studio-share-links = روابط المشاركة
# $visibility: who may see the video otherwise.
studio-share-links-hint = يتيح الرابط لمن يملكه مشاهدة هذا الفيديو دون حساب، أيًّا كان ظهوره ({ $visibility ->
        [private] خاص
        [public] عام
       *[members] للأعضاء
    })، حتى تنتهي صلاحيته أو تُلغيه.
# How long a new link works: a menu of 1 hour, 1 day, 7 days, 30 days.
studio-share-works-for = مدة الصلاحية
studio-share-for-hours = { PLURAL($n) ->
    [zero] { $n } ساعة
    [one] ساعة واحدة
    [two] ساعتان
    [few] { $n } ساعات
    [many] { $n } ساعة
   *[other] { $n } ساعة
}
studio-share-for-days = { PLURAL($n) ->
    [zero] { $n } يوم
    [one] يوم واحد
    [two] يومان
    [few] { $n } أيام
    [many] { $n } يومًا
   *[other] { $n } يوم
}
# m:ss is how the time is typed (minutes:seconds).
studio-share-start = يبدأ عند (اختياري، m:ss)
studio-share-make = إنشاء رابط
studio-share-start-not-a-time = «{ $text }» ليس وقتًا: اكتب عدد الثواني أو m:ss أو h:mm:ss
studio-share-links-off = روابط المشاركة معطّلة في هذا الموقع.
# The table of links not yet expired nor revoked.
studio-share-live = الروابط الصالحة الآن
studio-share-column-made = أُنشئ
studio-share-column-expires = ينتهي
studio-share-column-start = يبدأ عند
# $s: seconds into the video, written already.
studio-share-start-seconds = { $s } ث
# A link that plays from the beginning of the video.
studio-share-start-beginning = البداية
studio-share-revoke = إلغاء
# Read by screen readers after "Revoke": $made is when the link was made.
studio-share-revoke-which = الرابط المُنشأ في { $made }
studio-share-notice-revoked = أُلغي الرابط: يتوقف عن العمل فورًا.
studio-share-embed = التضمين
# Followed by the code ?share= and studio-share-embed-hint-after.
studio-share-embed-hint = الصق هذا في صفحة من موقع مسموح به أدناه. يعمل لكل من يمكنه مشاهدة الفيديو هنا؛ أما في صفحة موقع آخر فالمشاهد غير مسجّل الدخول، لذا أضف
studio-share-embed-hint-after = من رابط مشاركة لأي شخص آخر.
# Followed by an example address, then studio-share-origins-after.
studio-share-origins = المواقع التي يمكنها تضمينه، موقع في كل سطر (
studio-share-origins-after = )
# $origins: the sites, separated by commas.
studio-share-site-origins = يمكن أيضًا تضمين كل فيديو في: { $origins }.
studio-share-save-origins = حفظ المواقع
studio-share-notice-origins = تم الحفظ: يمكن لهذه المواقع تضمين هذا الفيديو.

## معالجة عنصر جاهز من جديد

studio-reprocess-title = المعالجة من جديد
studio-reprocess-intro = يُعاد تحويل هذا العنصر من ملفه الأصلي بإعدادات الموقع الحالية. ويبقى يُشغَّل كما هو حتى تحلّ النسخة الجديدة محلّه.
studio-reprocess-watermark = العلامة المائية: شعار قناتك بموضعه الحالي إن كان الموقع يسمح بشعارات القنوات، وإلا فشعار الموقع، وإلا فلا شيء.
studio-reprocess-loudness = علوّ الصوت: يُضبط على { $target } LUFS، إلا إذا كانت موازنته متوقفة في الموقع أو لهذا العنصر.
studio-reprocess-ladder = النسخ المتاحة: الأحجام والجودات التي يُنتجها الموقع الآن.
studio-reprocess-keeps = تبقى تفاصيله وترجماته وفصوله كما هي.
studio-reprocess = المعالجة من جديد
studio-notice-reprocessing = تجري معالجة العنصر من جديد؛ ويبقى يُشغَّل كما كان حتى تصبح النسخة الجديدة جاهزة.

studio-edit-availability = الإتاحة
studio-edit-availability-hint = الأوقات بالتوقيت العالمي المنسّق. خارج هذه التواريخ والبلدان المختارة لا يرى هذا العنصر سواك وسوى المشرفين؛ ويراه المشاهدون في «قريبًا» خلال الثلاثين يومًا التي تسبق إتاحته.
studio-edit-available-from = متاح ابتداءً من
studio-edit-available-until = متاح حتى
studio-edit-country-rule = البلدان
studio-edit-country-everywhere = في كل مكان
studio-edit-country-allow = في هذه البلدان فقط
studio-edit-country-deny = في كل مكان عدا هذه البلدان
studio-edit-countries-example = FR، BE
studio-edit-countries = رموز البلدان
