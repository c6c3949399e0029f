# منطقة الإدارة (الحسابات والمهام والخطط والسلامة وسجل التدقيق)، وطابور الإشراف، وبلاغات
# الشخص نفسه، ومرجع واجهة البرمجة للمطوّرين.

## تبويبات الإدارة

admin-tab-accounts = الحسابات
admin-tab-jobs = المهام
admin-tab-plans = الخطط
admin-tab-health = السلامة
admin-tab-storage = التخزين
admin-tab-cost = التكلفة
admin-tab-reports = البلاغات
admin-tab-audit = سجل التدقيق

## الأدوار

admin-role-viewer = مشاهد
admin-role-moderator = مشرف
admin-role-creator = صانع محتوى
admin-role-admin = مدير

## الحسابات

admin-users-title = الإدارة: الحسابات
admin-users-heading = الحسابات
admin-users-name = الاسم
admin-users-address = العنوان
admin-users-channel = القناة
admin-users-role = الدور
admin-users-two-factor = التحقق بخطوتين
admin-users-joined = تاريخ الانضمام
admin-users-access = الوصول
admin-users-disabled = معطّل
admin-users-suspended-until = موقوف حتى
admin-users-role-of = دور { $name }
admin-users-change = تغيير
admin-users-change-role-of = دور { $name }
admin-users-two-factor-on = مفعّل
admin-users-two-factor-off = غير مفعّل
admin-users-enable = تفعيل
admin-users-disable = تعطيل
admin-users-invite-heading = دعوة شخص
admin-users-invite-email = عنوان البريد الإلكتروني
admin-users-invite-role = الدور
admin-users-invite = دعوة
admin-notice-role = تم تغيير الدور.
admin-notice-disabled = تم تعطيل الحساب: انتهت جلساته وتوقفت رموزه عن العمل.
admin-notice-enabled = تمت إعادة تفعيل الحساب.
admin-notice-invited = تم تسجيل الدعوة. يمكن للمدعو تسجيل الدخول بهذا العنوان الآن.

## طابور المهام

admin-jobs-title = الإدارة: المهام
admin-jobs-heading = طابور المهام
admin-jobs-show = عرض:
admin-jobs-all = الكل
admin-job-state-queued = في الانتظار
admin-job-state-running = قيد التنفيذ
admin-job-state-done = منتهية
admin-job-state-failed = فاشلة
admin-job-state-dead = متوقفة
admin-jobs-job = المهمة
admin-jobs-state = الحالة
admin-jobs-attempts = المحاولات
admin-jobs-last-error = آخر خطأ
admin-jobs-updated = آخر تحديث
admin-jobs-actions = الإجراءات
admin-jobs-retry = إعادة المحاولة
admin-jobs-none = لا توجد مهام.
admin-jobs-none-in-state = لا توجد مهام في هذه الحالة.
admin-notice-retried = أُعيدت المهمة إلى الطابور.

## سجل التدقيق

admin-audit-title = الإدارة: سجل التدقيق
admin-audit-heading = سجل التدقيق
admin-audit-when = الوقت
admin-audit-what = الحدث
admin-audit-who = المنفّذ
admin-audit-target = الهدف
admin-audit-ip = عنوان IP
admin-audit-detail = التفاصيل
admin-audit-older = أحداث أقدم

## السلامة: الإنذارات المدمجة

admin-health-title = الإدارة: السلامة
admin-health-alarms = الإنذارات
admin-health-off = إنذارات { $site } الخاصة معطّلة
admin-health-off-after = : الحالات أدناه هي آخر ما جرى تقييمه.
admin-health-firing = { PLURAL($n) ->
    [zero] { $n } إنذار نشط.
    [one] إنذار واحد نشط.
    [two] إنذاران نشطان.
    [few] { $n } إنذارات نشطة.
    [many] { $n } إنذارًا نشطًا.
   *[other] { $n } إنذار نشط.
}
admin-health-quiet = لا يوجد إنذار نشط.
admin-health-alarm = الإنذار
admin-health-state = الحالة
admin-health-now = الآن
admin-health-fires-when = ينطلق عندما يكون
admin-health-since = منذ
admin-health-last-fired = آخر انطلاق
admin-health-not-measured = لم يُقَس بعد
admin-health-rule = { $direction ->
    [below] أقل من
   *[above] أكثر من
} { $threshold }، لمدة { $hold } s
admin-health-rule-window = { $direction ->
    [below] أقل من
   *[above] أكثر من
} { $threshold } خلال { $window } s، لمدة { $hold } s
admin-health-never = أبدًا
admin-health-events = آخر الأحداث
admin-health-when = الوقت
admin-health-event = الحدث
admin-health-detail = التفاصيل
admin-health-no-events = لم ينطلق أي إنذار بعد.
admin-alarm-state-ok = سليم
admin-alarm-state-pending = قيد الترقّب
admin-alarm-state-firing = نشط
admin-alarm-state-resolved = انتهى
admin-alarm-otp-delivery-low = رموز تسجيل الدخول لا تصل إلى أصحابها
admin-alarm-job-failure-ratio = المهام تفشل
admin-alarm-dead-jobs = مهام توقفت بعد استنفاد كل المحاولات
admin-alarm-queue-wait = المهام تنتظر طويلًا قبل أن يتولاها عامل
admin-alarm-time-to-playable = الفيديوهات المرفوعة تستغرق وقتًا طويلًا لتصبح قابلة للتشغيل
admin-alarm-origin-5xx = الخادم الأصلي يخذل المشاهدين
admin-alarm-storage-errors = مخزن الكائنات أو القرص المحلي يتعطّل
admin-alarm-redis-fallback = هذه العملية تعمل دون Redis
admin-alarm-cost-anomaly = كلّف أحد الموارد أكثر بكثير من المعتاد أمس أو اليوم

## الخطط

admin-plans-title = الإدارة: الخطط
admin-plans-heading = الخطط
admin-plans-plan = الخطة
admin-plans-price = السعر
admin-plans-revenue = الإيرادات حسب الشهر
admin-plans-price-per = { $period ->
    [month] { $price } شهريًا
    [year] { $price } سنويًا
   *[other] { $price } لكل { $period }
}
admin-plans-month-revenue = { $month }: { $amount } ({ PLURAL($payments) ->
    [zero] { $payments } دفعة
    [one] دفعة واحدة
    [two] دفعتان
    [few] { $payments } دفعات
    [many] { $payments } دفعةً
   *[other] { $payments } دفعة
})
admin-plans-no-revenue = لا شيء بعد
admin-plans-none = لا توجد خطط بعد. المحتوى الذي لا يتطلب خطة متاح لكل الأعضاء.
admin-plans-new = خطة جديدة
admin-plans-name = الاسم
admin-plans-price-of-period = سعر الفترة الواحدة
admin-plans-currency = العملة
admin-plans-period = الفترة
admin-plans-period-month = شهر
admin-plans-period-year = سنة
admin-plans-description = الوصف
admin-plans-limits = الحدود
admin-plans-max-streams = الشاشات في آن واحد
admin-plans-max-devices = الأجهزة المسجّل دخولها
admin-plans-max-height = أعلى جودة (بالأسطر، مثل 720)
admin-plans-limit-hint = اتركه فارغًا لعدم التقييد.
admin-plans-downloads = التنزيلات مسموحة
admin-plans-make = إنشاء الخطة
admin-plans-grant-heading = منح أو تجديد
admin-plans-grant-plan = الخطة
admin-plans-grant-email = عنوان البريد الإلكتروني للحساب
admin-plans-grant-periods = الفترات المدفوعة
admin-plans-grant = منح
admin-notice-plan = تم إنشاء الخطة.
admin-notice-granted = تم منح الخطة.

## طابور الإشراف

moderation-reports = البلاغات
moderation-open-count = { PLURAL($n) ->
    [zero] ({ $n } بلاغ مفتوح)
    [one] (بلاغ واحد مفتوح)
    [two] (بلاغان مفتوحان)
    [few] ({ $n } بلاغات مفتوحة)
    [many] ({ $n } بلاغًا مفتوحًا)
   *[other] ({ $n } بلاغ مفتوح)
}
moderation-open = المفتوحة
moderation-resolved = المُعالَجة
moderation-appeal = طعن
moderation-target-video = فيديو
moderation-target-comment = تعليق
moderation-target-account = حساب
moderation-open-item = فتح
moderation-owner-says = يقول المالك:
moderation-reason = السبب:
moderation-outcome-dismissed = مرفوض: { $outcome }
moderation-outcome-actioned = تم اتخاذ إجراء: { $outcome }
report-outcome-taken-down = أُزيل المحتوى: { $reason }
report-outcome-restored = استُعيد المحتوى.
report-outcome-deleted = حُذف المحتوى.
report-outcome-comment-hidden = أُخفي التعليق.
report-outcome-comment-deleted = حُذف التعليق.
report-outcome-suspended = عُلّق الحساب { PLURAL($days) ->
    [zero] مدة { $days } يوم
    [one] يومًا واحدًا
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
}.
report-outcome-no-action = لم يُتخذ أي إجراء.
report-outcome-no-action-note = لم يُتخذ أي إجراء: { $note }
report-outcome-stands = تبقى الإزالة قائمة.
report-outcome-stands-note = تبقى الإزالة قائمة: { $note }
audit-reports-resolved = { $outcome } ({ PLURAL($n) ->
    [zero] عولج { $n } بلاغ
    [one] عولج بلاغ واحد
    [two] عولج بلاغان
    [few] عولجت { $n } بلاغات
    [many] عولج { $n } بلاغًا
   *[other] عولج { $n } بلاغ
})
# The audit log's reason for a refused moderation of an item, a comment or an account.
audit-refused-not-moderator = رُفض: دون إذن الإشراف
audit-refused-unseen = رُفض: المحتوى غير مُبلَّغ عنه ولا مرئي لصاحب الطلب
audit-refused-staff = رُفض: محتوى مشرف عام أو مشرف آخر
audit-refused-admin-only = رُفض: لا يحذف المحتوى نهائيًا إلا مشرف عام
audit-refused-unseen-comment = رُفض: التعليق غير مُبلَّغ عنه وليس على محتوى مرئي لصاحب الطلب
audit-refused-staff-comment = رُفض: تعليق مشرف عام أو مشرف آخر
audit-refused-staff-account = رُفض: حساب مشرف عام أو مشرف آخر
audit-refused-unreported = رُفض: لم يُبلَّغ عن الحساب ولا عن أي من محتواه أو تعليقاته
audit-refused-own-account = رُفض: حسابه الخاص
moderation-public-reason = السبب المُعلَن
moderation-take-down = إزالة
moderation-delete-confirm = هل تريد حذف هذا المحتوى وكل ما صُنع منه؟
moderation-delete-item = حذف المحتوى
moderation-restore = استعادة
moderation-hide-comment = إخفاء التعليق
moderation-delete-comment = حذف التعليق
moderation-suspend-account = إيقاف الحساب
moderation-suspend-comment = إيقاف كاتبه
moderation-suspend-video = إيقاف مالكه
moderation-days = الأيام
moderation-suspend-reason = السبب
moderation-suspend = إيقاف
moderation-note-label = ملاحظة إلى المُبلِّغ
moderation-note-placeholder = ملاحظة (اختيارية)
moderation-uphold = تأكيد الإزالة
moderation-dismiss = رفض
moderation-more = المزيد
moderation-nothing-waiting = لا شيء في الانتظار.
moderation-nothing-resolved = لم يُعالَج شيء بعد.
moderation-notice-dismissed = تم الرفض؛ وأُبلغ أصحاب البلاغات.
moderation-notice-taken-down = أُزيل المحتوى؛ وأُبلغ مالكه وأصحاب البلاغات.
moderation-notice-restored = استُعيد المحتوى؛ وأُبلغ مالكه.
moderation-notice-item-deleted = حُذف المحتوى.
moderation-notice-comment-hidden = أُخفي التعليق.
moderation-notice-comment-deleted = حُذف التعليق.
moderation-notice-suspended = أُوقف الحساب؛ وأُبلغ بمدة الإيقاف وسببه.

## بلاغات الشخص نفسه

my-reports-title = بلاغاتك
my-reports-intro = ما أبلغت عنه، وما انتهى إليه.
my-reports-when = الوقت
my-reports-about = الموضوع
my-reports-why = السبب
my-reports-outcome = النتيجة
my-reports-about-video = فيديو:
my-reports-about-comment = تعليق:
my-reports-about-account = حساب:
my-reports-about-appeal = طعن:
my-reports-waiting = قيد الانتظار
my-reports-none = لم تُبلغ عن أي شيء.
my-reports-notice-reported = شكرًا لك. سيراجع المشرفون بلاغك، وستُبلَغ بما انتهى إليه.
my-reports-notice-appealed = طعنك الآن لدى المشرفين.

## مرجع واجهة البرمجة (/docs/api). تبقى الشيفرة والمسارات وأسماء الترويسات والحقول
## والمخططات وJSON كما هي: تضعها الصفحة بين هذه الرسائل.

api-title = مرجع واجهة البرمجة
api-openapi-intro = الوصف نفسه بصيغة OpenAPI 3.1، لمولّدات العملاء والأدوات:
api-contents = المحتويات
api-webhook-events = أحداث الويب هوك
api-errors = الأخطاء
api-schemas = المخططات
api-who = من يستدعيها:
api-parameters = المعاملات
api-name = الاسم
api-in = الموضع
api-type = النوع
api-about = الوصف
api-required = مطلوب
api-body = المتن:
api-body-column = المتن
api-answers = الإجابات
api-status = الحالة
api-meaning = المعنى
api-headers = الترويسات: { $headers }
api-headers-column = الترويسات
api-webhooks-registered = نقطة النهاية المسجّلة عبر
api-webhooks-receives = تستقبل الأحداث التي تحددها في طلب POST يحمل
api-webhooks-signed = ، موقّعًا على طريقة Standard Webhooks:
api-webhooks-id = نفسه في كل محاولة
api-webhooks-timestamp = بالثواني
api-webhooks-signature-hmac = ثم HMAC-SHA256 بترميز base64 لـ
api-webhooks-signature-after = باستخدام السر؛ ويكون توقيعان مفصولان بمسافة ما دام سرّ مستبدَل لا يزال يوقّع
api-webhooks-retry = أي إجابة غير 2xx تُعاد محاولتها بعد انتظار متزايد.
api-events = الأحداث
api-event-when = متى
api-errors-every = كل رفض يُجاب بـ
api-errors-shared = هذه هي الإجابات التي تشترك فيها عمليات كثيرة:
api-shared-answers = الإجابات المشتركة
api-one-of = إحدى القيم:
api-also-fields-of = إضافة إلى كل حقول
api-fields-of = حقول { $name }
api-field = الحقل
api-always = دائمًا

## من يمكنه استدعاء عملية

api-auth-anyone = أي شخص؛ دون بيانات اعتماد
api-auth-anyone-or = أي شخص حيث يسمح النشر بذلك؛ وإلا بتسجيل الدخول عبر { $ways }
api-auth-signed-in = بتسجيل الدخول عبر { $ways }
api-auth-token = رمز API
api-auth-session-csrf = جلسة مع رمز CSRF الخاص بها
api-auth-session = جلسة
api-or = أو
api-and = و

## نوع القيمة. أسماء الأنواع (string وinteger وnull) هي أسماء JSON Schema وتبقى كما هي.

api-type-array-of = مصفوفة من { $item }
api-type-one-of = إحدى القيم: { $values }
api-type-any = أي نوع

## Alarms

alarm-detail-nothing = لا شيء للقياس
alarm-detail-otp = { $channel }: رموز مفقودة: { $lost } من { $handed }
alarm-detail-jobs = { $kind }: محاولات فاشلة: { $bad } من { $all }
alarm-detail-dead-jobs = { PLURAL($n) ->
    [zero] { $n } مهمة متوقفة
    [one] مهمة متوقفة واحدة
    [two] مهمتان متوقفتان
    [few] { $n } مهام متوقفة
    [many] { $n } مهمة متوقفة
   *[other] { $n } مهمة متوقفة
}
alarm-detail-queue-wait = انتظرت أقدم مهمة مستحقة { $secs } ث
alarm-detail-time-to-playable = المئين ٩٥: { $secs } ث على { PLURAL($n) ->
    [zero] { $n } محتوى
    [one] محتوى واحد
    [two] محتويين
    [few] { $n } محتويات
    [many] { $n } محتوى
   *[other] { $n } محتوى
}
alarm-detail-origin = إجابات الأصل بخطأ 5xx: { $bad } من { $all }
alarm-detail-storage = { PLURAL($n) ->
    [zero] { $n } خطأ تخزين
    [one] خطأ تخزين واحد
    [two] خطآن في التخزين
    [few] { $n } أخطاء تخزين
    [many] { $n } خطأ تخزين
   *[other] { $n } خطأ تخزين
}
alarm-detail-redis-down = Redis لا يستجيب
alarm-detail-redis-up = Redis يستجيب (أو غير مستخدم)
alarm-detail-cost-none = لا مورد أعلى بكثير من معدله
alarm-detail-more = { $first } (و{ $n } أخرى)

## The audit log's details

audit-restored = عاد إلى الطبقة الساخنة: { PLURAL($n) ->
    [zero] { $n } كائن
    [one] كائن واحد
    [two] كائنان
    [few] { $n } كائنات
    [many] { $n } كائنًا
   *[other] { $n } كائن
}
audit-rungs-dropped = أُزيلت { $names }: { PLURAL($n) ->
    [zero] { $n } كائن
    [one] كائن واحد
    [two] كائنان
    [few] { $n } كائنات
    [many] { $n } كائنًا
   *[other] { $n } كائن
}، وحُذف { $bytes } بايت
audit-cold-tier = { PLURAL($n) ->
    [zero] { $n } كائن
    [one] كائن واحد
    [two] كائنان
    [few] { $n } كائنات
    [many] { $n } كائنًا
   *[other] { $n } كائن
}، و{ $bytes } بايت إلى الطبقة الباردة
audit-objects-removed = { PLURAL($n) ->
    [zero] { $n } كائن
    [one] كائن واحد
    [two] كائنان
    [few] { $n } كائنات
    [many] { $n } كائنًا
   *[other] { $n } كائن
}، وحُذف { $bytes } بايت
audit-uploads-removed = حُذفت رفوعات غير مكتملة: { $n }
audit-rungs-remade = أُعيد صنع { $names } من الأصل
audit-no-rung = لا درجة
audit-generation = الجيل { $generation }
audit-generation-rungs = الجيل { $generation }: { $names }
audit-token-cli = بواسطة { $command }، حتى الإلغاء
audit-token-cli-until = بواسطة { $command }، حتى { $until }
audit-expires = ينتهي في { $at }
audit-device = الجهاز { $name }
audit-role = الدور { $role }
audit-role-by-command = الدور { $role }، بواسطة { $command }
audit-role-to = إلى { $role }
audit-sessions = { PLURAL($n) ->
    [zero] { $n } جلسة
    [one] جلسة واحدة
    [two] جلستان
    [few] { $n } جلسات
    [many] { $n } جلسة
   *[other] { $n } جلسة
}
audit-sessions-tokens = { PLURAL($n) ->
    [zero] { $n } جلسة
    [one] جلسة واحدة
    [two] جلستان
    [few] { $n } جلسات
    [many] { $n } جلسة
   *[other] { $n } جلسة
}، { PLURAL($tokens) ->
    [zero] { $tokens } رمز API
    [one] رمز API واحد
    [two] رمزا API
    [few] { $tokens } رموز API
    [many] { $tokens } رمز API
   *[other] { $tokens } رمز API
}
audit-recovery-codes = { PLURAL($n) ->
    [zero] { $n } رمز
    [one] رمز واحد
    [two] رمزان
    [few] { $n } رموز
    [many] { $n } رمزًا
   *[other] { $n } رمز
}
audit-codes-left = المتبقي { $n }
audit-no-live-code = لا رمز صالح لهذه المحاولة
audit-wrong-code = رمز خاطئ ({ $n })
audit-second-factor-pending = العامل الثاني قيد الانتظار
audit-recovery-code-left = برمز استرداد، المتبقي { $n }
audit-key-rotated = سحب { $kid } حتى { $until }؛ المحذوفة: { $dropped }
audit-master-key-rotated = { $rewrapped } أعيد تغليفها، { $current } محدثة أصلًا، { $unopenable } تعذر فتحها
audit-master-key-new = مفتاح رئيسي جديد؛ { $rest }
audit-master-key-earlier = اكتمل تدوير سابق ({ $n } أعيد تغليفها)؛ { $rest }
audit-audio-track = المسار { $position }: { $language } ({ $label })
audit-chapters = { PLURAL($n) ->
    [zero] { $n } فصل
    [one] فصل واحد
    [two] فصلان
    [few] { $n } فصول
    [many] { $n } فصلًا
   *[other] { $n } فصل
}
audit-plan-granted = { $plan } × { $periods }

## الإشراف: إزالة بلا بلاغ، ورفع الإيقاف قبل انتهائه

moderation-takedown-title = إزالة عنصر
moderation-takedown-intro = عنصر لم يُبلِّغ عنه أحد، بعنوانه (رابط صفحته) أو معرّفه. يُبلَّغ مالكه بالسبب ويمكنه الطعن.
moderation-takedown-item = عنوان العنصر أو معرّفه
moderation-suspended-title = الحسابات الموقوفة
# يليه موعد انتهاء الإيقاف.
moderation-suspended-until = موقوف حتى
moderation-suspended-none = لا يوجد حساب موقوف.
moderation-lift = رفع الإيقاف
moderation-lift-label = رفع الإيقاف عن { $name }
moderation-notice-suspension-lifted = رُفع الإيقاف؛ ويمكن للحساب تسجيل الدخول من جديد.
