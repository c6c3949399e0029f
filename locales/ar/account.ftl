# The account: signing in, the account page (sessions, two-factor sign-in, API tokens, the
# account's data), the public profile and preferences, viewer profiles, and webhooks.

## Signing in (/login)

login-title = تسجيل الدخول
login-address = البريد الإلكتروني أو رقم الهاتف
# $example: a phone number written the international way, shown as it is.
login-address-hint = نرسل إليك رمزًا من ستة أرقام، دون الحاجة إلى كلمة مرور. اكتب رقم الهاتف بالصيغة الدولية، مثل { $example }.
login-send-code = أرسل لي رمزًا
# Shown once a code was asked for, whether or not the address has an account.
login-code-sent = إذا كان هذا العنوان لحساب مسجَّل، فرمز تسجيل الدخول في طريقه إليك.
# $address: the email address or phone number the code went to.
login-code = الرمز المرسَل إلى { $address }
login-code-hint = يبقى الرمز صالحًا بضع دقائق، ولا يُستخدم إلا مرة واحدة.
login-sign-in = تسجيل الدخول
login-new-code = أرسل رمزًا جديدًا
login-another-address = استخدام عنوان آخر
login-totp-code = الرمز من تطبيق المصادقة
login-totp-hint = فقدت هاتفك؟ أدخل بدلًا منه أحد رموز الاسترداد.
login-continue = متابعة

## The account page (/account)

account-title = الحساب
account-heading = حسابك
# A column heading over buttons, for screen readers.
account-actions = الإجراءات
account-copy = نسخ
account-profile = الملف الشخصي
account-name = الاسم
account-channel = القناة
account-email = البريد الإلكتروني
account-phone = الهاتف
account-role = الدور
account-role-admin = مدير
account-role-creator = صانع محتوى
account-role-moderator = مشرف
account-role-viewer = مشاهد
account-member-since = عضو منذ
account-plans = اشتراكاتك
# Followed by the date the plan ends. $plan: the plan's name.
account-plan-until = { $plan }، حتى
# What the member's plans (or, holding none, the site) let them do.
account-entitlement = ما يمكنك فعله
account-link-profile = الملف العام والتفضيلات
account-link-profiles = الملفات الشخصية
account-link-history = سجل المشاهدة

## Sessions

account-sessions = الأجهزة التي سجّلت الدخول منها
account-sessions-device = الجهاز
account-sessions-signed-in = تسجيل الدخول
account-sessions-last-seen = آخر نشاط
account-sessions-this-device = هذا الجهاز
# Ends the session of another device.
account-sessions-end = تسجيل الخروج
account-sessions-end-all-confirm = هل تريد تسجيل الخروج من جميع الأجهزة، بما فيها هذا الجهاز؟
account-sessions-revoke-tokens = إلغاء رموز API الخاصة بي أيضًا
account-sessions-end-all = تسجيل الخروج من كل مكان
account-devices-kind-app = تطبيق
account-devices-name = اسم هذا الجهاز
account-devices-rename = إعادة التسمية
account-devices-allowed = عدد الأجهزة التي تسمح بها خطتك في آن واحد: { $count }
account-screens = قيد التشغيل الآن
account-screens-none = لا يُشغَّل شيء على هذا الحساب الآن.
account-screens-item = المحتوى
account-screens-since = منذ
account-screens-unavailable = عنصر لم يعد متاحًا
account-screens-stop = إيقاف
account-screens-allowed = عدد الشاشات التي تسمح بها خطتك في آن واحد: { $count }

## Two-factor sign-in

account-totp = التحقق بخطوتين
account-totp-add-key = أضف هذا المفتاح إلى تطبيق المصادقة (أو افتح الرابط على هاتفك)، ثم أدخل الرمز الذي يعرضه.
account-totp-open-app = فتح في تطبيق المصادقة
account-totp-code = الرمز من التطبيق
account-totp-turn-on = تفعيل
account-totp-on = مفعَّل: يطلب تسجيل الدخول رمزًا من تطبيق المصادقة بعد الرمز المرسَل بالبريد أو الرسالة النصية.
account-totp-recovery-codes = رموز الاسترداد الخاصة بك. احفظها في مكان آمن: كل رمز يتيح لك تسجيل الدخول مرة واحدة بدلًا من التطبيق، ولن تُعرض مرة أخرى.
# Followed by the number left.
account-totp-recovery-left = رموز الاسترداد المتبقية:
account-totp-recovery-current = الرمز الحالي من التطبيق، للحصول على مجموعة جديدة من رموز الاسترداد
account-totp-new-recovery-codes = إنشاء رموز استرداد جديدة
account-totp-move-current = الرمز الحالي (أو رمز استرداد)، للانتقال إلى تطبيق جديد
account-totp-move = استخدام تطبيق جديد
account-totp-off = غير مفعَّل. عند تفعيله، يطلب تسجيل الدخول أيضًا رمزًا من تطبيق المصادقة.
account-totp-set-up = إعداد التحقق بخطوتين

## API tokens

account-tokens = رموز API
# Followed by the command "reel ingest".
account-tokens-for-scripts = للسكربتات وللأمر
account-tokens-acts-as-you = يتصرف الرمز باسمك، بالأذونات التي تمنحها له.
# Followed by a link, account-tokens-reference-link.
account-tokens-reference = لمعرفة ما يمكنه فعله، راجع
account-tokens-reference-link = مرجع API
# Followed by a link, account-tokens-webhooks-link.
account-tokens-webhooks = لتُبلَّغ أنظمتك الخاصة حين تُرفع فيديوهاتك أو تجهز أو تفشل:
account-tokens-webhooks-link = الخطافات الإلكترونية (webhooks)
# $name: the name the token was given.
account-token-created = أُنشئ الرمز «{ $name }». انسخه الآن: لن يُعرض مرة أخرى.
account-token-name = الاسم
account-token-name-example = مثلًا: الرفع من الحاسوب المحمول
account-token-permissions = الأذونات
account-token-created-at = تاريخ الإنشاء
account-token-last-used = آخر استخدام
account-token-expires = ينتهي
# In the "Last used" column.
account-token-never-used = لم يُستخدم قط
# In the "Expires" column.
account-token-never-expires = أبدًا
# In the "Expires" column, before the date it expired.
account-token-expired = انتهى في
account-token-revoke-confirm = هل تريد إلغاء «{ $name }»؟ ستتوقف السكربتات التي تستخدمه عن العمل.
account-token-revoke = إلغاء
# What each permission (read, account, upload, admin: names kept as they are) allows.
account-scope-read = المشاهدة والتصفح والبحث.
account-scope-account = تعديل حسابك — الملف الشخصي، وملفات المشاهدين، وقوائم التشغيل، والسجل، والمتابعات، والإشعارات، والرموز — وتنزيل نسخة من بياناته.
account-scope-upload = رفع المحتوى وإدارته وإدارة قناتك.
account-scope-admin = إدارة المنصة.
account-token-expires-never = أبدًا (حتى الإلغاء)
account-token-expires-in-days = { PLURAL($n) ->
    [zero] خلال { $n } يوم
    [one] خلال يوم واحد
    [two] خلال يومين
    [few] خلال { $n } أيام
    [many] خلال { $n } يومًا
   *[other] خلال { $n } يوم
}
account-token-expires-in-a-year = خلال سنة
account-token-create = إنشاء الرمز

## The account's data, and deleting it

account-data = بياناتك
account-data-export = نزّل كل ما يحتفظ به { $site } عنك: ملفاتك الشخصية، وما شاهدته، واشتراكاتك وخططك وقوائم التشغيل، ومحتواك وروابط ملفاته الأصلية.
account-data-download = تنزيل بياناتك
account-delete = حذف حسابك
account-delete-what = يُسجَّل خروجك من كل مكان في الحال، ثم يُحذف محتواك وما رفعته وسجلك وكل ما يخصك نهائيًا.
account-delete-code-first = للتأكد من أنك صاحب الحساب، يرسل { $site } أولًا رمزًا لحذف حسابك إلى عنوانك. لا يصلح إلا هنا، في هذه الجلسة.
account-delete-start = حذف حسابي…
account-delete-code-sent = أرسلنا رمزًا لحذف حسابك إلى عنوانك (رمز تسجيل الدخول لا يصلح هنا).
account-delete-code = الرمز الذي أرسلناه
account-delete-totp = رمز من تطبيق المصادقة، أو رمز استرداد
# $word: the word to type, DELETE, which stays as it is.
account-delete-confirm = اكتب { $word } للتأكيد
account-delete-submit = حذف حسابي
account-delete-keep = الاحتفاظ بحسابي

## Public profile and preferences (/account/profile)

account-profile-title = الملف العام والتفضيلات
account-profile-back = العودة إلى حسابك
account-profile-see-channel = عرض قناتك
account-profile-picture = الصورة
account-profile-picture-alt = صورتك
account-profile-no-picture = لا توجد صورة بعد.
# Followed by the reason.
account-profile-picture-refused = تعذّر استخدام صورتك الأخيرة:
# $mb: the largest file allowed, in megabytes.
account-profile-picture-file = صورة PNG أو JPEG أو WebP أو GIF، بحجم { $mb } م.ب على الأكثر. يصنع منها { $site } صورة مربعة صغيرة.
account-profile-picture-upload = رفع الصورة
account-profile-picture-remove = إزالة الصورة
account-profile-watermark = العلامة المائية
account-profile-watermark-channel = تحمل فيديوهاتك شعارك، مدمجًا في كل جودة في الموضع نفسه. يسري أي تغيير على الفيديوهات التي تُعالَج بعده.
account-profile-watermark-site = تحمل فيديوهاتك شعار الموقع إلى أن ترفع شعارك، مدمجًا في كل جودة في الموضع نفسه. يسري أي تغيير على الفيديوهات التي تُعالَج بعده.
account-profile-watermark-none = لا تحمل فيديوهاتك أي شعار إلى أن ترفع شعارًا، يُدمج في كل جودة في الموضع نفسه. يسري أي تغيير على الفيديوهات التي تُعالَج بعده.
account-profile-logo-alt = شعارك
# Followed by the reason.
account-profile-logo-refused = تعذّر استخدام شعارك الأخير:
account-profile-logo-file = الشعار: صورة PNG (ويُفضَّل أن تكون بخلفية شفافة) أو JPEG أو WebP أو GIF
account-profile-logo-upload = رفع الشعار
account-profile-corner = الزاوية
account-profile-corner-top-left = أعلى اليسار
account-profile-corner-top-right = أعلى اليمين
account-profile-corner-bottom-left = أسفل اليسار
account-profile-corner-bottom-right = أسفل اليمين
account-profile-watermark-height = الارتفاع، كنسبة ٪ من ارتفاع الصورة (من ١ إلى ٥٠)
account-profile-watermark-margin = البعد عن الحواف، كنسبة ٪ من ارتفاع الصورة (من ٠ إلى ٢٥)
account-profile-watermark-opacity = العتامة، كنسبة ٪ (من ٥ إلى ١٠٠)
account-profile-watermark-save = حفظ الموضع
account-profile-watermark-reset = استخدام العلامة المائية للموقع
account-profile-public = ما تعرضه قناتك
account-profile-name = الاسم
account-profile-about = نبذة
# $n: how many links at most.
account-profile-links = { PLURAL($n) ->
    [zero] الروابط، رابط في كل سطر ({ $n } رابط على الأكثر، تبدأ بـ https://)
    [one] الرابط، في سطر واحد (يبدأ بـ https://)
    [two] الروابط، رابط في كل سطر (رابطان على الأكثر، يبدأ كل منهما بـ https://)
    [few] الروابط، رابط في كل سطر ({ $n } روابط على الأكثر، تبدأ بـ https://)
    [many] الروابط، رابط في كل سطر ({ $n } رابطًا على الأكثر، تبدأ بـ https://)
   *[other] الروابط، رابط في كل سطر ({ $n } رابط على الأكثر، تبدأ بـ https://)
}
account-profile-save = حفظ الملف الشخصي
account-profile-preferences = التفضيلات
account-profile-language = لغة الواجهة
# The choice of no language of one's own: the language switch, the browser's or the site's then decides.
account-profile-language-automatic = تلقائي (لغة متصفحك أو الموقع)
account-profile-quality = بدء الفيديوهات بجودة
account-profile-quality-auto = جودة تلقائية
# $quality: a height such as 1080p.
account-profile-quality-at-most = { $quality } أو الأقرب إليها من الأدنى
account-profile-autoplay-next = تشغيل العنصر التالي من الألبوم أو المسلسل أو قائمة التشغيل تلقائيًا
account-profile-captions = تفعيل الترجمة النصية حين تتوفر للعنصر
account-profile-preferences-save = حفظ التفضيلات

## Viewer profiles (/profiles)

profiles-title = من يشاهد الآن؟
profiles-in-kids = أنت في ملف شخصي للأطفال. قد يتطلب الانتقال منه إلى ملف آخر الرمزَ الأبوي أو الرمزَ المرسَل إلى الحساب.
profiles-kids = أطفال
# For screen readers, after the profile being used.
profiles-current = (الحالي)
profiles-manage = إدارة الملفات الشخصية
profiles-manage-hint = لكل ملف شخصي سجله الخاص وقائمة «متابعة المشاهدة» وقوائم التشغيل. لا يرى ملف الأطفال إلا المحتوى المصنَّف للأطفال، ولا يمكنه تغيير أي شيء.
profiles-max = { PLURAL($n) ->
    [zero] حتى { $n } ملف شخصي.
    [one] ملف شخصي واحد على الأكثر.
    [two] ملفان شخصيان على الأكثر.
    [few] حتى { $n } ملفات شخصية.
    [many] حتى { $n } ملفًا شخصيًا.
   *[other] حتى { $n } ملف شخصي.
}
profiles-name = الاسم
profiles-colour = اللون
profiles-colour-teal = أزرق مخضر
profiles-colour-indigo = نيلي
profiles-colour-amber = كهرماني
profiles-colour-rose = وردي
profiles-colour-green = أخضر
profiles-colour-slate = رمادي أردوازي
profiles-kids-profile = ملف للأطفال
# $name: the profile's name.
profiles-save = حفظ { $name }
profiles-remove-confirm = هل تريد حذف { $name }؟ سيُحذف معه سجله وقوائم تشغيله.
profiles-remove = حذف { $name }
profiles-add-heading = إضافة ملف شخصي
profiles-add = إضافة الملف الشخصي
profiles-code-title = أدخل الرمز
profiles-code-why = لمغادرة ملف الأطفال، أدخل رمز تسجيل الدخول الذي أرسلناه للتو إلى عنوان الحساب.
profiles-code = الرمز
profiles-code-continue = متابعة
profiles-code-back = العودة إلى الملفات الشخصية

## Webhooks (/account/webhooks)

webhooks-title = الخطافات الإلكترونية (Webhooks)
webhooks-endpoint-title = نقطة استقبال الخطاف
# Followed by the names of the signature headers, kept as they are.
webhooks-intro = يرسل { $site } الأحداث فور وقوعها إلى عناوين URL هذه بطلبات POST، موقَّعة وفق معيار Standard Webhooks
# Followed by a link, webhooks-intro-reference-link.
webhooks-intro-reference = الأحداث ومحتوياتها: راجع
webhooks-intro-reference-link = مرجع API
# Followed by the endpoint's URL.
webhooks-registered = سُجِّلت
# Followed by the secret.
webhooks-registered-secret = سر التوقيع الخاص بها، يُعرض الآن فقط:
webhooks-copy = نسخ
webhooks-url = URL
webhooks-events = الأحداث
webhooks-state = الحالة
webhooks-last-delivered = آخر تسليم
webhooks-enabled = مفعَّلة
webhooks-disabled = معطَّلة
# In the "Last delivered" column.
webhooks-never-delivered = لم يحدث قط
webhooks-none = لا توجد نقطة استقبال بعد.
webhooks-add-heading = إضافة نقطة استقبال
webhooks-description = الوصف (اختياري)
webhooks-secret = سر التوقيع (اختياري: يُنشأ لك واحد تلقائيًا)
webhooks-add = إضافة نقطة الاستقبال
# $events: the event names, kept as they are.
webhooks-receives = تستقبل { $events }
# $until: a time written the machine way (2026-11-27T10:00:00Z).
webhooks-rotated = سر التوقيع الجديد، يُعرض الآن فقط. حتى { $until } تُوقَّع عمليات التسليم بالسر القديم أيضًا.
webhooks-previous-secret = يظل السر السابق لآخر تغيير صالحًا للتوقيع حتى { $until }.
webhooks-test = إرسال حدث تجريبي
webhooks-disable = تعطيل
webhooks-enable = تفعيل
webhooks-rotate = تغيير السر
webhooks-remove = حذف
webhooks-deliveries = عمليات التسليم
webhooks-delivery-pending = قيد الانتظار
webhooks-delivery-delivered = تم التسليم
webhooks-delivery-failed = فشل
# Follows a delivery's state. $at: a time written the machine way.
webhooks-next-attempt = ، المحاولة التالية في { $at }
webhooks-attempt = المحاولة
webhooks-attempt-at = الوقت
webhooks-attempt-status = الحالة
webhooks-attempt-latency = زمن الاستجابة
webhooks-attempt-answer = الرد
webhooks-no-answer = لا رد
webhooks-latency = { $ms } ms
webhooks-payload = المحتوى المرسَل
webhooks-resend = إعادة الإرسال
webhooks-older = الأقدم
webhooks-nothing-sent = لم يُرسَل شيء بعد.
webhooks-notice-disabled = نقطة الاستقبال معطَّلة: لن يُرسل إليها شيء حتى تُفعَّل من جديد.
webhooks-notice-enabled = نقطة الاستقبال مفعَّلة: تُرسل إليها الأحداث الجديدة.
webhooks-notice-tested = حدث webhook.test في طريقه؛ سيظهر أدناه بعد لحظات.
webhooks-notice-resent = أُعيد إرسال التسليم؛ ستظهر محاولته الجديدة أدناه بعد لحظات.
webhooks-notice-removed = حُذفت نقطة الاستقبال وعمليات تسليمها.

## What each event means (the names, such as video.ready, are kept as they are)

webhooks-event-video-uploaded = خُزِّن ملف العنصر وأُدرج في قائمة انتظار المعالجة.
webhooks-event-video-playable = أصبحت المقاطع الأولى من كل نسخة جاهزة: يمكن مشاهدة العنصر بينما يُنتَج الباقي.
webhooks-event-video-ready = كُتبت كل مخرجات العنصر ونُشرت.
webhooks-event-video-failed = تتعذّر معالجة العنصر؛ يوضح `error` السبب.
webhooks-event-video-deleted = حُذف العنصر مع كل ما أُنتج منه.
webhooks-event-video-taken-down = أزال مشرف العنصر: يبقى مخزَّنًا، ولا يراه إلا مالكه والمشرفون؛ يوضح `takedown_reason` السبب.
webhooks-event-video-restored = أعاد مشرف عنصرًا كان قد أُزيل.
webhooks-event-comment-created = علّق عضو على عنصر، أو ردّ على تعليق عليه.
webhooks-event-upload-expired = تجاوز رفعٌ غير مكتمل (tus أو مباشر) مهلته فحُذف.
webhooks-event-account-created = أُنشئ حساب (بالتسجيل، أو عبر `reel user create`).
webhooks-event-account-role-changed = غيّر مدير دور أحد الحسابات.
webhooks-event-account-disabled = عُطِّل حساب: انتهت جلساته وتوقفت رموزه عن العمل.
webhooks-event-account-enabled = أُعيد تفعيل حساب كان معطَّلًا.
webhooks-event-account-deleted = طلب حساب حذفه؛ تجري إزالة بياناته.
webhooks-event-account-suspended = أوقف مشرف حسابًا حتى `until`: لا يمكنه تسجيل الدخول ولا استخدام جلساته ورموزه.
webhooks-event-report-created = أبلغ عضو عن عنصر أو تعليق أو حساب، أو طعن مالك في إزالة.

profiles-locked = رمز
profiles-pin-title = أدخل الرمز
profiles-pin-why = هذا الملف الشخصي مقفل. أدخل رمزه أو الرمز الأبوي للحساب.
profiles-pin-why-kids = لمغادرة ملف الأطفال، أدخل الرمز الأبوي للحساب.
profiles-pin = الرمز (أربعة أرقام)
profiles-pin-new = رمز جديد لـ{ $name }
profiles-pin-lock = اقفل { $name } بهذا الرمز
profiles-pin-change = غيّر رمز { $name }
profiles-pin-remove = أزل رمز { $name }
profiles-parental-heading = الرمز الأبوي
profiles-parental-on = الرمز الأبوي مضبوط: تطلبه مغادرة ملف الأطفال، وهو يفتح أي ملف شخصي مقفل.
profiles-parental-off = مع رمز أبوي، تطلبه مغادرة ملف الأطفال بدلًا من رمز يُرسل إلى عنوان الحساب.
profiles-parental-new = الرمز الأبوي (أربعة أرقام)
profiles-parental-set = اضبط الرمز الأبوي
profiles-parental-change = غيّر الرمز الأبوي
profiles-parental-remove = أزل الرمز الأبوي
