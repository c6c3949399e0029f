# The watch page: the player, what is said about the item, its comments and what comes next;
# a comment thread's own page; the player other sites embed. Also the pieces of `macros.html`
# that many pages share: an upload's status, the follow button, the report form, a comment.

## An item a moderator took down: its owner sees why, instead of the player

# Followed by the moderator's reason, as they wrote it.
watch-takedown = أزال أحد المشرفين هذا العنصر:
watch-takedown-hint = يبقى محفوظًا، لكن لا يمكن لأحد العثور عليه أو مشاهدته.
watch-appeal-label = الطعن (مرة واحدة): لماذا يجب أن يعود؟
watch-appeal-send = إرسال الطعن
watch-appealed = لقد قدّمت طعنًا؛ سيبتّ المشرفون فيه.

## The player

watch-needs-javascript = يتطلب تشغيل الفيديوهات JavaScript.
# "You can [download the video] instead.": the sentence is split around its link.
watch-noscript-download-before = يمكنك
watch-noscript-download-link = تنزيل الفيديو
watch-noscript-download-after = بدلًا من ذلك.

## An item that requires a plan the viewer does not have

# Shown in bold; $name is the plan's name.
watch-plan-required = يتطلب هذا العنصر الخطة «{ $name }»
# $price is the amount with its currency code ("4.50 USD"); $period is "month" or "year".
watch-plan-price = ({ $price } { $period ->
        [year] سنويًا
       *[other] شهريًا
    }).
watch-plan-ask-admins = اطلب من مديري هذا الموقع إضافتها إلى حسابك.
# "[Sign in] if your account has it.": the link, then the rest of the sentence.
watch-plan-sign-in = سجّل الدخول
watch-plan-sign-in-after = إن كان حسابك يتضمنها.

## An item not playable yet, and an upload's status (also in the studio)

watch-pending-hint = تعرض هذه الصفحة الفيديو بمجرد أن يصبح قابلًا للتشغيل.
watch-reload = إعادة التحميل
watch-status-uploaded = تم الرفع
# $percent is already written as a percentage ("40 %").
watch-status-processing = جارٍ المعالجة { $percent }
watch-status-playable = قابل للتشغيل، تمت معالجة { $percent }
watch-status-ready = جاهز
watch-status-failed = فشل

## About the item

# Who may see the item, as a small label.
watch-visibility-private = خاص
watch-visibility-members = للأعضاء
watch-visibility-public = عام
watch-reactions = التفاعلات
# Followed by how many.
watch-like = إعجاب
watch-dislike = عدم إعجاب
# $format is a file format: M4A, MP4, MP3.
watch-download = تنزيل { $format }
watch-edit = تعديل
# $title is the next item's title.
watch-next = التالي: { $title }
watch-next-episode = الحلقة التالية: { $title }
watch-add-to-playlist = إضافة إلى قائمة تشغيل
watch-add = إضافة

## A channel's follow button (on the watch page and the channel's page)

# $n picks the form; $count is the same number written short ("1.2K").
watch-subscribers = { PLURAL($n) ->
    [zero] { $count } مشترك
    [one] مشترك واحد
    [two] مشتركان
    [few] { $count } مشتركين
    [many] { $count } مشتركًا
   *[other] { $count } مشترك
}
watch-subscribe = اشتراك
watch-unsubscribe = إلغاء الاشتراك

## Reporting an item, a comment or an account

watch-report = إبلاغ
watch-report-reason = ما المشكلة فيه؟
watch-report-send = إرسال البلاغ

## The comments

# $n picks the form; $count is the same number written short ("1.2K").
watch-comments-count = { PLURAL($n) ->
    [zero] { $count } تعليق
    [one] تعليق واحد
    [two] تعليقان
    [few] { $count } تعليقات
    [many] { $count } تعليقًا
   *[other] { $count } تعليق
}
watch-comments-off = التعليقات معطّلة.
# What the item's owner (or an admin) reads when comments are off.
watch-comments-off-owner = التعليقات معطّلة للآخرين: لا يراها سواك والمديرون.
watch-comment-add = أضف تعليقًا
# The button that posts a comment.
watch-comment-send = نشر التعليق
# "[Sign in] to comment.": the link, then the rest of the sentence.
watch-comment-sign-in = سجّل الدخول
watch-comment-sign-in-after = للتعليق.
watch-comments-sort = ترتيب التعليقات
watch-comments-newest = الأحدث
watch-comments-top = الأبرز
# A link to the thread's own page; $n is how many replies it has.
watch-view-all-replies = عرض كل الردود ({ $n })
watch-comments-more = مزيد من التعليقات
watch-comments-none = لا توجد تعليقات بعد.
watch-comment-deleted = تم حذف التعليق
watch-comment-edited = (معدَّل)
watch-comment-pinned = مثبَّت
watch-comment-hidden = مخفي عن الآخرين
watch-comment-reply = رد
# $name is the comment's writer.
watch-comment-reply-to = الرد على { $name }
watch-comment-edit = تعديل
watch-comment-yours = تعليقك
watch-comment-save = حفظ
watch-comment-pin = تثبيت
watch-comment-unpin = إلغاء التثبيت
watch-comment-hide = إخفاء
watch-comment-show = إظهار
watch-comment-delete = حذف
watch-comment-delete-confirm = حذف هذا التعليق؟

## A thread's own page

# The page's title; $title is the item's.
watch-thread-title = التعليقات على { $title }
# The heading, followed by the item's title as a link.
watch-thread-heading = التعليقات على
watch-thread = سلسلة الردود
watch-thread-no-replies = لا توجد ردود بعد.
watch-thread-more = مزيد من الردود
watch-thread-back = العودة إلى كل التعليقات

## The album, the playlist or series being played, and what to watch next

# After the album's title; $artist is the album's artist.
watch-album-by = من أداء { $artist }
watch-queue-series = مسلسل
watch-queue-playlist = قائمة تشغيل
watch-up-next = التالي
# $n picks the form; $count is the same number written short ("1.2K"). English always says "views" here.
watch-up-next-views = { PLURAL($n) ->
    [zero] { $count } مشاهدة
    [one] مشاهدة واحدة
    [two] مشاهدتان
    [few] { $count } مشاهدات
    [many] { $count } مشاهدة
   *[other] { $count } مشاهدة
}
watch-up-next-none = لا شيء آخر للمشاهدة بعد.

## The player other sites embed: what it says instead of playing

watch-embed-link-expired = انتهت صلاحية رابط المشاركة هذا.
watch-embed-link-unknown = رابط المشاركة هذا لا يعمل.
watch-embed-sign-in = سجّل الدخول في الموقع لمشاهدة هذا الفيديو.
watch-embed-watch-on-site = شاهده على الموقع
watch-embed-unavailable = هذا الفيديو غير متاح.
watch-embed-plan-required = يتطلب هذا الفيديو خطة اشتراك.
watch-embed-processing = لا يزال هذا الفيديو قيد المعالجة. أعد التحميل بعد قليل.
watch-embed-open-on-site = افتحه على الموقع
