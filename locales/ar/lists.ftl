# The viewer's lists: playlists and series, subscriptions, notifications, history, and the
# pages an email's unsubscribe link opens.
#
# Some sentences hold a link or a quotation in the middle ("A moderator took down <title>:");
# they come in pieces, written around it: a "-before" piece, the link (not translated: a
# title or a name), then an "-after" piece. A piece may be empty ({ "" }) where the language
# needs nothing there, and { " " } is a space kept at the edge of a piece.

## Who may see a playlist or series (the pill beside it)

lists-visibility-private = خاصة
lists-visibility-members = للأعضاء
lists-visibility-public = عامة

## The lists of playlists and series (/playlists, /series)

collections-title-playlists = قوائم تشغيلي
collections-title-series = المسلسلات
collections-empty-playlists = ليست لديك قوائم تشغيل بعد.
collections-empty-series = لا توجد مسلسلات بعد.
collections-new-playlist = قائمة تشغيل جديدة
collections-new-series = مسلسل جديد
collections-field-title = العنوان
collections-field-description = الوصف
collections-field-visibility = من يمكنه رؤيتها
collections-create = إنشاء
# Shown at the top of a playlist or series just made.
collections-notice-created = تم الإنشاء. أضف العناصر من صفحاتها.
collections-notice-added = أُضيف إلى قائمة التشغيل.
collections-notice-deleted = تم الحذف.

## One playlist or series

# The kind of list, before its number of items: "Playlist · 3 items".
collection-kind-playlist = قائمة تشغيل
collection-kind-series = مسلسل
collection-items = { PLURAL($n) ->
    [zero] { $n } عنصر
    [one] عنصر واحد
    [two] عنصران
    [few] { $n } عناصر
    [many] { $n } عنصرًا
   *[other] { $n } عنصر
}
collection-play-all = تشغيل الكل
collection-play = تشغيل
collection-season = الموسم { $n }
# An episode's short label in a series' list: "E3".
collection-episode-short = ح{ $episode }
# An episode's short label in the queue beside the player: "S1E3" (season 1, episode 3).
collection-season-episode-short = م{ $season } ح{ $episode }
# Buttons beside each item of a playlist; the item's title follows for screen readers.
collection-move-up = لأعلى
collection-move-down = لأسفل
collection-remove = إزالة
collection-empty-playlist = لا شيء هنا بعد: أضف العناصر من صفحاتها.
# “My videos” is the name of the creator's page in the studio.
collection-empty-series = لا توجد حلقات بعد: أضفها من «فيديوهاتي».
collection-delete-confirm = حذف «{ $title }»؟
collection-delete-playlist = حذف قائمة التشغيل
collection-delete-series = حذف المسلسل

## Subscriptions

subscriptions-title = الاشتراكات
subscriptions-more = المزيد
subscriptions-nothing-new = لا جديد من قنواتك بعد.
subscriptions-none = لا تتابع أي قناة بعد. اشترك من صفحة القناة أو أسفل الفيديو، وسيظهر هنا ما تنشره.
subscriptions-channels = القنوات التي تتابعها
# $count is the number already written short ("1.2K"); $n is the number itself, for the plural.
subscriptions-subscribers = { PLURAL($n) ->
    [zero] { $count } مشترك
    [one] مشترك واحد
    [two] مشتركان
    [few] { $count } مشتركين
    [many] { $count } مشتركًا
   *[other] { $count } مشترك
}
subscriptions-unsubscribe = إلغاء الاشتراك
subscriptions-unsubscribe-from = إلغاء الاشتراك في { $name }

## Notifications

notifications-title = الإشعارات
notifications-unread = { PLURAL($n) ->
    [zero] { $n } إشعار غير مقروء
    [one] إشعار واحد غير مقروء
    [two] إشعاران غير مقروءين
    [few] { $n } إشعارات غير مقروءة
    [many] { $n } إشعارًا غير مقروء
   *[other] { $n } إشعار غير مقروء
}
notifications-all-read = كلها مقروءة
# Said by screen readers before an unread notification.
notifications-unread-marker = غير مقروء:
# "<title> could not be processed: <the reason>"
notifications-failed-before = تعذّرت معالجة{ " " }
notifications-failed-after = :{ " " }
notifications-try-again = إعادة المحاولة
# "Your report about comment “<the quoted text>” was looked at: <what the moderator said>"
# $target is video, comment or account; $status is dismissed (nothing was done) or another
# (something was done).
notifications-report-before = { $target ->
    [video] بلاغك عن الفيديو
    [comment] بلاغك عن التعليق
    [account] بلاغك عن الحساب
   *[other] بلاغك عن { $target }
}{ " " }
notifications-report-after = { " " }{ $status ->
    [dismissed] تمت مراجعته
   *[other] اتُّخذ إجراء بشأنه
}:{ " " }
# "A moderator took down <title>: <the reason>"
notifications-takedown-before = أزال مشرف{ " " }
notifications-takedown-after = :{ " " }
# "A moderator restored <title>."
notifications-restored-before = أعاد مشرف نشر{ " " }
notifications-restored-after = .
# "<author> commented on <title>: “<the comment>”"
notifications-comment-before = علّق { $author } على
notifications-reply-before = ردّ { $author } على تعليقك على
notifications-comment-after = :
# "<channel> published <title>"
notifications-published-before = جديد من{ " " }
notifications-published-after = :{ " " }
notifications-older = الأقدم
notifications-mark-all-read = تعليم الكل كمقروء
notifications-empty = لا شيء بعد. عندما تنشر قناة تشترك فيها شيئًا، يظهر هنا.
notifications-email = البريد الإلكتروني
notifications-email-opt-in = راسلني عندما تنشر القنوات التي أشترك فيها (رسالة واحدة على الأكثر كل بضع دقائق)
notifications-save = حفظ
notifications-notice-saved = تم الحفظ.

## The unsubscribe link of a notification email

unsubscribe-title = إشعارات البريد الإلكتروني
unsubscribe-heading = إيقاف رسائل البريد عن الجديد؟
unsubscribe-explanation = لن تصلك بعد الآن رسائل بريد عندما تنشر القنوات التي تشترك فيها. تبقى اشتراكاتك وإشعارات التطبيق كما هي.
unsubscribe-button = إيقاف هذه الرسائل
unsubscribed-heading = لا مزيد من الرسائل
unsubscribed-explanation = لن تصلك رسائل بريد عن الجديد من القنوات التي تشترك فيها. تبقى اشتراكاتك وإشعارات التطبيق كما هي.
unsubscribed-settings = إعدادات الإشعارات
unsubscribed-sign-in = سجّل الدخول لتغيير ذلك

## History

history-title = السجل
history-paused = متوقف مؤقتًا: ما تشاهده الآن لا يُسجَّل.
history-intro = ما شاهدته، الأحدث أولًا.
history-resume = استئناف السجل
history-pause = إيقاف السجل مؤقتًا
history-clear-confirm = مسح سجلك بالكامل؟ يبدأ الاستئناف و«متابعة المشاهدة» من جديد.
history-clear = مسح السجل كله
# $percent is already written with its sign: "40 %".
history-watched-percent = شوهد { $percent }
# Before the time an item was watched: "Watched 3 days ago".
history-watched-at = شوهد
history-remove = إزالة
history-remove-label = إزالة { $title } من السجل
history-older = الأقدم
history-empty = لا شيء هنا. ما تشاهده يظهر هنا.
history-empty-paused = لا شيء هنا. ما تشاهده بعد استئناف السجل يظهر هنا.
history-notice-saved = تم الحفظ.
history-notice-removed = أُزيل من سجلك.
history-notice-cleared = سجلك فارغ.
