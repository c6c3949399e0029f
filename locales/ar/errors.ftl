# What a page says when it cannot do what was asked: the error page, and a form's refusal.
# See the English file for how a refusal finds its message.

## The error page

error-page-title = { $status } { $reason }
error-page-home = العودة إلى الصفحة الرئيسية

## Any refusal, by its HTTP status

error-status-400 = في ما أُرسل خطأ ما؛ راجِعه ثم أعِد المحاولة.
    .reason = طلب غير صالح
error-status-401 = سجّل الدخول لرؤية هذه الصفحة.
    .reason = غير مصادَق عليه
error-status-403 = لا يحق لك رؤية هذا أو القيام به.
    .reason = ممنوع
error-status-404 = لا يوجد شيء هنا.
    .reason = غير موجود
error-status-405 = لا تُستخدم هذه الصفحة بهذه الطريقة.
    .reason = طريقة غير مسموح بها
error-status-408 = استغرق الطلب وقتًا أطول من اللازم.
    .reason = انتهت مهلة الطلب
error-status-409 = لا يمكن القيام بهذا في الوضع الحالي.
    .reason = تعارض
error-status-410 = لم يعد هذا موجودًا.
    .reason = زال
error-status-412 = ينقص الطلبَ شيءٌ يحتاج إليه.
    .reason = شرط مسبق غير مستوفى
error-status-413 = ما أُرسل أكبر من اللازم.
    .reason = المحتوى كبير جدًا
error-status-415 = لا يمكن قراءة هذا النوع من الملفات أو النماذج هنا.
    .reason = نوع محتوى غير مدعوم
error-status-422 = لا يمكن استخدام ما أُرسل.
    .reason = محتوى غير قابل للمعالجة
error-status-423 = هذا مشغول حاليًا؛ أعِد المحاولة بعد لحظة.
    .reason = مقفل
error-status-429 = طلبات كثيرة جدًا؛ أعِد المحاولة لاحقًا.
    .reason = طلبات كثيرة جدًا
error-status-500 = حدث خطأ من جهتنا؛ أعِد المحاولة لاحقًا.
    .reason = خطأ داخلي في الخادم
error-status-501 = هذا ليس مما يقوم به هذا الموقع.
    .reason = غير منفَّذ
error-status-502 = لم تُجب خدمة يعتمد عليها هذا الموقع إجابة سليمة؛ أعِد المحاولة لاحقًا.
    .reason = بوابة غير صالحة
error-status-503 = هذا الموقع غير متاح الآن؛ أعِد المحاولة بعد قليل.
    .reason = الخدمة غير متاحة
error-status-504 = لم تُجب خدمة يعتمد عليها هذا الموقع في الوقت المحدد؛ أعِد المحاولة لاحقًا.
    .reason = انتهت مهلة البوابة
error-status-other = حدث خطأ ما.
    .reason = خطأ

## Refusals by code

error-account-exists = يوجد حساب بهذا العنوان.
error-account-suspended = هذا الحساب موقوف.
error-address-refused = لا تُقبل الطلبات الواردة من هذا العنوان.
error-already-appealed = لا يمكن الاعتراض على الإزالة إلا مرة واحدة.
error-already-in-playlist = هذا العنصر موجود في قائمة التشغيل هذه بالفعل.
error-already-reported = سبق أن أبلغت عن هذا؛ سيطّلع عليه المشرفون.
error-bad-request = هذا الطلب ليس مما ترسله صفحات هذا الموقع.
error-code-required = مغادرة ملف الأطفال تتطلب الرمز المرسَل إلى الحساب.
error-comments-off = التعليقات على هذا العنصر معطّلة.
error-database-unavailable = قاعدة البيانات غير متاحة أو مثقلة؛ أعِد المحاولة بعد قليل.
error-delivery-pending = ما زالت محاولات هذا الإرسال جارية.
error-edit-window-over = لا يمكن تعديل التعليق إلا لفترة قصيرة بعد كتابته.
error-empty-upload = الملف فارغ.
error-episode-taken = يحمل عنصر آخر في المسلسل رقمَي الموسم والحلقة هذين.
error-forbidden = لا يحق لك القيام بهذا.
error-insufficient-scope = تسجيل الدخول هذا لا يسمح بذلك.
error-internal = خطأ داخلي.
error-invalid-action = هذه الصفحة لا تقوم بذلك.
error-invalid-audio-track = لا يمكن استخدام لغة المسار أو تسميته.
error-invalid-captions = لا يمكن إضافة مسار الترجمة.
error-invalid-chapters = لا يمكن حفظ الفصول كما هي.
error-invalid-code = الرمز غير صحيح.
error-invalid-cursor = رابط الصفحة هذا ليس من إنشاء هذا الموقع.
error-invalid-days = مدة الإيقاف عدد صحيح من الأيام، من ١ إلى ٣٦٥.
error-invalid-description = الوصف ٢٠٠ حرف على الأكثر، في سطر واحد.
error-invalid-events = اختر نوعًا واحدًا على الأقل من أنواع الأحداث التي يرسلها هذا الموقع.
error-invalid-expiry = لا يمكن أن تكون هذه مدة صلاحية رابط أو رمز وصول.
error-invalid-filter = لا يمكن استخدام أحد عوامل التصفية.
error-invalid-form = تعذّرت قراءة النموذج.
error-invalid-image = يجب أن تكون الصورة بصيغة PNG أو JPEG أو WebP أو GIF.
error-invalid-language = هذه اللغة غير متاحة على هذا الموقع.
error-invalid-link = هذا الرابط غير صالح أو منتهي الصلاحية؛ سجّل الدخول لتغيير إعدادات البريد الإلكتروني.
error-invalid-metadata = لا يمكن استخدام إحدى المعلومات كما هي.
error-invalid-month = لا يمكن استخدام هذا الشهر.
error-invalid-name = لا يمكن استخدام هذا الاسم.
error-invalid-origin = هذا ليس أصلًا (scheme://host أو scheme://host:port، دون أي شيء بعده).
error-invalid-overlap = يمكن أن يبقى السر القديم صالحًا ٧ أيام على الأكثر.
error-invalid-periods = يجب أن يكون عدد الفترات عددًا صحيحًا.
error-invalid-plan = لا يمكن حفظ الخطة كما هي.
error-invalid-preferences = لا يمكن حفظ هذه الإعدادات كما هي.
error-invalid-profile = لا يمكن حفظ الملف الشخصي كما هو.
error-invalid-range = لا يمكن عرض هذه الفترة.
error-invalid-ranking = يكون الترتيب حسب المشاهدات أو مدة المشاهدة.
error-invalid-scope = اختر أذونات يمكن لهذا الحساب منحها لرمز وصول.
error-invalid-search = البحث ٢٠٠ حرف على الأكثر.
error-invalid-secret = السر هو whsec_ متبوعًا بترميز base64 لعدد من ٢٤ إلى ٦٤ بايتًا عشوائيًا.
error-invalid-start = يجب أن تكون البداية لحظة داخل العنصر، بالثواني.
error-invalid-text = لا يمكن استخدام هذا النص كما هو.
error-invalid-theme = يجب أن يكون المظهر حسب النظام أو فاتحًا أو داكنًا.
error-invalid-url = لا يمكن استخدام عنوان الويب هذا.
error-invalid-visibility = مستوى الظهور هذا غير معروف لهذا الموقع.
error-invalid-watermark = موضع العلامة المائية خارج الحدود المسموح بها.
error-last-word = لا يمكن للمشرف العام خفض دوره أو تعطيل حسابه بنفسه.
error-link-expired = انتهت صلاحية رابط المشاركة هذا. اطلب رابطًا جديدًا ممن أرسله إليك.
error-main-profile = لا يمكن حذف الملف الشخصي الرئيسي للحساب.
error-missing-address = يحتاج الحساب إلى عنوان بريد إلكتروني أو رقم هاتف.
error-missing-attempt = انتهت صلاحية طلب الرمز هذا؛ اطلب رمزًا جديدًا.
error-no-address = ليس للحساب عنوان يُرسل إليه الرمز.
error-no-email = ليس لهذا الحساب عنوان بريد إلكتروني يُراسَل عليه.
error-no-second-factor-owed = هذه الجلسة مسجَّل دخولها بالفعل.
error-not-confirmed = اكتب DELETE للتأكيد.
error-not-failed = لا يمكن إعادة المحاولة إلا لعنصر فشلت معالجته.
error-not-found = لا يوجد شيء هنا، أو ليس من حقك رؤيته.
error-not-kids = ملف الأطفال وحده يتطلب رمزًا لمغادرته.
error-not-open = هذا مغلق بالفعل.
error-not-pinnable = لا يمكن تثبيت إلا التعليق الأول من سلسلة ظاهرة.
error-not-playable = لا يمكن مشاركة عنصر فشلت معالجته.
error-not-ready = العنصر ليس جاهزًا بعد.
error-not-retryable = لا يمكن إعادة محاولة إلا مهمة فاشلة أو متوقفة.
error-not-suspended = الحساب غير موقوف.
error-not-taken-down = العنصر غير مُزال.
error-not-watchable = لا يمكن مشاهدة الفيديو بعد.
error-original-removed = حُذف الملف الأصلي؛ لا يمكن تحويل ترميز هذا العنصر مجددًا.
error-own-account = لا يُبلَّغ عن الحساب الخاص ولا يُوقَف.
error-own-channel = لا يمكنك الاشتراك في قناتك.
error-own-comment = لا يُبلَّغ عن التعليق الخاص؛ عدّله أو احذفه.
error-own-item = لا يُبلَّغ عن العنصر الخاص؛ عدّله أو احذفه.
error-plan-exists = توجد خطة بهذا الاسم.
error-plan-required = يتطلب هذا العنصر خطة.
error-too-many-devices = لا تسمح خطتك بأجهزة أخرى: سجّل خروج أحدها من صفحة الحساب على جهاز آخر، ثم سجّل الدخول هنا.
error-playlist-full = قائمة التشغيل ممتلئة.
error-private-address = هذا العنوان خاص أو يُحال إلى عنوان خاص؛ لا يتصل هذا الخادم إلا بالعناوين العامة.
error-public-not-allowed = لا تسمح هذه المنصة بالفيديوهات العامة.
error-rate-limited = طلبات كثيرة جدًا؛ أعِد المحاولة لاحقًا.
error-second-factor-required = أدخل الرمز من تطبيق المصادقة.
error-session-only = يعمل رمز الوصول عبر الواجهة البرمجية باسم الملف الشخصي الذي أُنشئ له؛ سجّل الدخول للتبديل.
error-storage-unavailable = تعذّر الوصول إلى مخزن الكائنات؛ أعِد المحاولة بعد قليل.
error-taken-down = العنصر مُزال بالفعل.
error-timeout = استغرق الطلب وقتًا أطول من اللازم.
error-too-large = الصورة كبيرة جدًا.
error-too-many-captions = لدى العنصر أقصى عدد مسموح به من المسارات النصية.
error-too-many-links = لدى العنصر أقصى عدد مسموح به من روابط المشاركة الفعالة؛ ألغِ أحدها أولًا.
error-too-many-origins = يذكر العنصر أصولًا أكثر من المسموح.
error-too-many-profiles = لدى الحساب أقصى عدد مسموح به من الملفات الشخصية.
error-too-many-subscriptions = يتابع الحساب أقصى عدد مسموح به من القنوات.
error-too-many-webhooks = لدى الحساب أقصى عدد مسموح به من نقاط الاستقبال؛ احذف إحداها أولًا.
error-totp-changed = فُعّل تسجيل الدخول بخطوتين للتو أو أُعيد إعداده؛ أعِد تحميل الصفحة.
error-totp-off = رموز الاسترداد تأتي مع تسجيل الدخول بخطوتين؛ فعّله أولًا.
error-totp-required = حذف هذا الحساب يتطلب رمزًا حاليًا من تطبيق المصادقة، أو رمز استرداد.
error-unauthorized = يلزم رمز وصول صالح أو جلسة صالحة.
error-upload-expired = انتهت صلاحية الرفع.
error-upload-gone = اختفت بيانات الرفع.
error-upload-in-progress = يمكن تعبئة حقول الفهرس بعد اكتمال الرفع.
error-upload-too-large = الملف أكبر مما يقبله هذا الموقع.
error-webhook-disabled = نقطة الاستقبال معطّلة؛ فعّلها أولًا.

## Refusals word for word: what a message is about, put first

error-detail-field = { $detail }
error-detail-line = السطر { $line }: { $detail }
error-detail-captions-unreadable = تعذّرت قراءة ملف الترجمة: { $detail }

## Signing in, the account, profiles and tokens

error-detail-code-expired = الرمز غير صحيح أو منتهي الصلاحية؛ اطلب رمزًا جديدًا.
error-detail-ask-code-first = اطلب رمزًا أولًا.
error-detail-give-address = أدخل عنوان بريد إلكتروني أو رقم هاتف.
error-detail-suspended = هذا الحساب موقوف حتى { $until }: { $reason }
error-detail-email = هذا ليس عنوان بريد إلكتروني صالحًا.
error-detail-phone = { $detail } اكتب الرقم بالصيغة الدولية، مثل ‎+966 11 234 5678‎.
error-detail-phone-long = هذا أطول من أن يكون رقم هاتف.
error-detail-phone-country = رمز البلد مفقود.
error-detail-phone-digits = رقم الهاتف من ٧ إلى ١٥ رقمًا بعد علامة +.
error-detail-phone-calling-code = لا يستخدم أي بلد رمز الاتصال هذا.
error-detail-phone-north-america = رقم أمريكا الشمالية هو 1 متبوعًا بعشرة أرقام، مثل ‎+1 415 555 0123‎.
error-detail-phone-national = يبدو الرقم بعد رمز البلد مكتوبًا بالصيغة المحلية (احذف الصفر في أوله).
error-detail-token-name = اسم رمز الوصول من ١ إلى ١٠٠ حرف قابل للطباعة.
error-detail-token-lifetime = ‏{ $given } ليست مدة بين دقيقة واحدة وعشر سنوات (مثل 30d أو 12h أو 1y).
error-detail-token-permission = اختر إذنًا واحدًا على الأقل لرمز الوصول.
error-detail-token-scopes = يمكن لهذا الحساب منح رمز الوصول هذه الأذونات: { $scopes }
error-detail-unknown-scope = إذن غير معروف: { $given }؛ استخدم read أو account أو upload أو moderate أو admin.
error-detail-display-name = الاسم المعروض من ١ إلى ٨٠ حرفًا قابلًا للطباعة.
error-detail-bio-long = الحد الأقصى لطول النبذة: { $n } حرف.
error-detail-bio-control = لا يمكن أن تحتوي النبذة على محارف تحكم.
error-detail-links-many = الحد الأقصى لعدد الروابط: { $n }.
error-detail-link = ‏{ $given } ليس عنوان ويب (http://‎ أو https://‎، وبحد أقصى { $n } حرف).
error-detail-default-quality = الجودة الافتراضية هي auto أو ارتفاع مثل 720p.
error-detail-profile-name = اسم الملف الشخصي من ١ إلى ٤٠ حرفًا قابلًا للطباعة.
error-detail-avatar-colour = لون الصورة الرمزية واحد من هذه: { $colours }
error-detail-profiles-many = الحد الأقصى لعدد الملفات الشخصية في الحساب: { $n }.
error-detail-subscriptions-many = الحد الأقصى لعدد القنوات التي يتابعها الحساب: { $n }.
error-detail-avatar-image = يجب أن تكون الصورة الرمزية بصيغة PNG أو JPEG أو WebP أو GIF.
error-detail-logo-image = يجب أن يكون الشعار صورة بصيغة PNG أو JPEG أو WebP أو GIF.
error-detail-avatar-large = الحد الأقصى لحجم الصورة الرمزية: { $n } ميغابايت.
error-detail-logo-large = الحد الأقصى لحجم الشعار: { $n } ميغابايت.
error-detail-totp-to-replace = أدخل رمزًا حاليًا من تطبيق المصادقة، أو رمز استرداد، لاستبداله.
error-detail-totp-for-recovery = أدخل رمزًا حاليًا من تطبيق المصادقة لإنشاء رموز استرداد جديدة.
error-detail-signed-in-only = يتم هذا بعد تسجيل الدخول، لا برمز وصول عبر الواجهة البرمجية.
error-detail-delete-signed-in = يُحذف الحساب من جلسة مسجَّل دخولها، لا برمز وصول عبر الواجهة البرمجية.
error-detail-token-scopes-lacked = لا يمكن أن يحمل رمز الوصول أذونات لا تملكها.
error-detail-kids-manage = لا يمكن لملف الأطفال إدارة الحساب؛ انتقل إلى ملف شخصي آخر.
error-detail-csrf = رمز CSRF مفقود أو غير صحيح.
error-detail-own-pages = يجب إرسال هذا النموذج من صفحات هذا الموقع نفسها.
error-detail-permission = يتطلب هذا الإذن { $scope }.
error-detail-receipt-link = رابط إشعار الاستلام هذا غير صالح أو منتهي الصلاحية.

## Items: their details, titles and text

error-detail-title-empty = يجب ألا يكون العنوان فارغًا.
error-detail-title-long = الحد الأقصى لطول العنوان: { $n } حرف.
error-detail-title-control = يجب ألا يحتوي العنوان على محارف تحكم.
error-detail-description-long = الحد الأقصى لطول الوصف: { $n } حرف.
error-detail-description-control = يجب ألا يحتوي الوصف على محارف تحكم.
error-detail-text-long = الحد الأقصى لطول هذا النص: { $n } حرف.
error-detail-text-control = يجب ألا يحتوي هذا النص على محارف تحكم.
error-detail-statement-needed = هذا النص مطلوب.
error-detail-statement-long = الحد الأقصى لطول هذا النص: { $n } حرف.
error-detail-statement-control = يجب ألا يحتوي هذا النص على محارف تحكم.
error-detail-whole-number = يجب أن يكون عددًا صحيحًا.
error-detail-at-most-chars = الحد الأقصى للطول: { $n } حرف.
error-detail-year = يجب أن تكون السنة بين { $min } و{ $max }.
error-detail-number-range = يجب أن يكون هذا الرقم بين ١ و{ $max }.
error-detail-kind = ‏{ $given } ليس من أنواع العناصر هذه: video وfilm وepisode وmusic وpodcast.
error-detail-genre = ‏{ $given } ليس نوعًا على هذا الموقع (الأنواع هي: { $genres }).
error-detail-genres-many = الحد الأقصى لعدد أنواع العنصر: { $n }.
error-detail-rating = ‏{ $given } ليس تصنيفًا عمريًا على هذا الموقع (السلّم هو: { $scale }).
error-detail-language-tag = ‏{ $given } ليس رمز لغة مثل en أو fr أو pt-BR.
error-detail-tag-long = الحد الأقصى لطول الوسم: { $n } حرف.
error-detail-tag-commas = يجب ألا يحتوي الوسم على فواصل أو محارف تحكم.
error-detail-tags-many = الحد الأقصى لعدد وسوم العنصر: { $n }.
error-detail-credits-many = الحد الأقصى لعدد الأسماء في كل دور: { $n }.
error-detail-series-id = ‏{ $given } ليس معرّف مسلسل.
error-detail-series-missing = هذا المسلسل غير موجود.
error-detail-series-needed = رقم الموسم أو الحلقة يتطلب مسلسلًا.
error-detail-episode-needed = حلقة المسلسل تحتاج إلى رقمها.
error-detail-unknown = قيمة غير معروفة: { $given }
error-detail-comment-empty = يحتاج التعليق إلى بعض النص.
error-detail-comment-long = الحد الأقصى لطول التعليق: { $n } حرف.
error-detail-comment-lines = الحد الأقصى لعدد أسطر التعليق: { $n }.
error-detail-comment-control = يجب ألا يحتوي التعليق على محارف تحكم.
error-detail-playlist-full = الحد الأقصى لعدد عناصر قائمة التشغيل: { $n }.
error-detail-title-required = العنوان مطلوب.
error-detail-not-ready-again = لا يمكن إعادة تحويل ترميز إلا عنصر جاهز.
error-detail-audio-not-ready = يمكن تعديل المسارات الصوتية بعد أن يصبح العنصر جاهزًا.
error-detail-original-removed = حذفت قاعدة دورة حياة التخزين الملف الأصلي في { $when }؛ لا يمكن تحويل ترميز هذا العنصر مجددًا.
error-detail-upload-limit = يتجاوز الملف الحد المسموح به وهو { $n } بايت.

## Text tracks and chapters

error-detail-label-empty = يجب ألا تكون تسمية المسار فارغة.
error-detail-label-long = الحد الأقصى لطول تسمية المسار: { $n } حرف.
error-detail-label-characters = لا يمكن أن تحتوي تسمية المسار على علامات اقتباس أو فواصل أسطر أو محارف تحكم.
error-detail-caption-kind = النوع { $given } ليس subtitles ولا captions ولا descriptions.
error-detail-captions-many = الحد الأقصى لعدد المسارات النصية للعنصر: { $n }.
error-detail-caption-size = يتجاوز الملف الحد المسموح به وهو { $size }.
error-detail-caption-nul = يحتوي الملف على بايت NUL؛ إنه ليس ملفًا نصيًا.
error-detail-caption-no-cues = لا يحتوي الملف على أي مقطع ترجمة.
error-detail-caption-cues-many = يحتوي الملف على أكثر من { $n } مقطع ترجمة، وهو الحد الأقصى المسموح به.
error-detail-caption-timing = ليس سطر توقيت: { $line }
error-detail-caption-ends-at-start = ينتهي المقطع حيث يبدأ ({ $at }).
error-detail-caption-ends-before = ينتهي المقطع ({ $end }) قبل أن يبدأ ({ $start }).
error-detail-caption-sixty = يجب أن تكون الدقائق والثواني أقل من ٦٠: { $given }
error-detail-chapter-empty = يجب ألا يكون عنوان الفصل فارغًا.
error-detail-chapter-long = الحد الأقصى لطول عنوان الفصل: { $n } حرف.
error-detail-chapter-control = لا يمكن أن يحتوي عنوان الفصل على محارف تحكم.
error-detail-chapters-many = الحد الأقصى لعدد فصول العنصر: { $n }.
error-detail-chapters-many-not = الحد الأقصى لعدد فصول العنصر: { $n }، لا { $count }.
error-detail-chapters-same-start = يبدأ الفصلان { $first } و{ $second } كلاهما عند { $at }.
error-detail-chapter-after-end = يبدأ الفصل { $title } عند { $at }، لكن العنصر ينتهي عند { $end }.
error-detail-chapter-time = ‏{ $given } ليس وقتًا مثل 1:23 أو 1:02:03.

## Sharing and embedding

error-detail-share-expiry = مدة الصلاحية من ١ إلى { $max } ثانية.
error-detail-share-plan = لا يمكن مشاركة عنصر يتطلب خطة عبر رابط.
error-detail-share-links-many = الحد الأقصى لعدد روابط المشاركة الفعالة للعنصر: { $n }؛ ألغِ أحدها أولًا.
error-detail-share-off = روابط المشاركة معطّلة على هذا الموقع.
error-detail-origins-many = الحد الأقصى لعدد الأصول التي يذكرها العنصر: { $n }.
error-detail-origin = ‏{ $given } ليس أصلًا (scheme://host أو scheme://host:port، دون أي شيء بعده).
error-detail-plan-required = يتطلب هذا العنصر الخطة «{ $plan }».

## Webhooks

error-detail-url-long = يتجاوز عنوان URL ‏٢٠٤٨ حرفًا.
error-detail-url-not = هذا ليس عنوان URL.
error-detail-url-scheme = يجب أن يبدأ عنوان URL بـ https://‎ أو http://‎.
error-detail-url-credentials = يجب ألا يحتوي عنوان URL على اسم مستخدم أو كلمة مرور؛ تحقّق من التوقيع بدلًا من ذلك.
error-detail-url-host = ليس لعنوان URL مضيف.
error-detail-url-resolve = تعذّر العثور على عنوان { $host }.
error-detail-url-private = ‏{ $host } عنوان خاص أو يُحال إلى عنوان خاص؛ لا يتصل هذا الخادم إلا بالعناوين العامة.
error-detail-url-nul = لا يمكن أن يحتوي عنوان URL على بايت NUL ‏(%00).
error-detail-events-none = اختر نوع حدث واحدًا على الأقل.
error-detail-events-unknown = ‏{ $given } ليس نوع حدث؛ الأنواع هي: { $events }
error-detail-events-admin = المشرفون العامّون وحدهم يمكنهم تلقي { $event }.
error-detail-webhooks-many = الحد الأقصى لعدد نقاط الاستقبال في الحساب: { $n }؛ احذف إحداها أولًا.
error-detail-overlap = الحد الأقصى للتداخل: { $n } ثانية (٧ أيام).

## Who may do what

error-detail-video-owner = لا يعدّل الفيديو إلا منشئه أو مشرف عام.
error-detail-series-owner = لا يضيف حلقات إلى المسلسل إلا مالكه أو مشرف عام.
error-detail-shelf-owner = لا يعدّلها إلا مالكها أو مشرف عام.
error-detail-comments-site-off = التعليقات معطّلة على هذا الموقع.
error-detail-comments-item-off = عطّل مالك العنصر التعليقات عليه.
error-detail-comment-writer = لا يعدّل التعليق إلا كاتبه.
error-detail-comment-deleter = لا يحذف التعليق إلا كاتبه أو مشرف عام.
error-detail-comment-pin = لا يثبّت تعليقات العنصر أو يخفيها إلا مالكه أو مشرف عام.
error-detail-comment-no-replies = لا يقبل هذا التعليق ردودًا.
error-detail-comment-unwatchable = يمكن التعليق على العنصر بعد أن تصبح مشاهدته ممكنة.
error-detail-suspend-who = لا يُوقَف المشرفون العامّون، ولا يوقف المشرفين إلا مشرف عام.
error-detail-suspend-own = لا يُوقَف الحساب الخاص.
error-detail-item-staff = محتوى المشرف العام أو مشرف آخر لا يتصرّف فيه إلا مشرف عام.
error-detail-item-delete-admin = لا يحذف المحتوى نهائيًا إلا مشرف عام؛ أما المشرف فيزيله.
error-detail-comment-staff = تعليق المشرف العام أو مشرف آخر لا يتصرّف فيه إلا مشرف عام.
error-detail-suspend-unreported = لا يوقف المشرف حسابًا إلا إذا أُبلغ عنه أو عن أحد محتوياته أو تعليقاته.
error-detail-report-own-account = لا يُبلَّغ عن الحساب الخاص.
error-detail-report-resolved = عولج البلاغ بالفعل.
error-detail-appeal-owner = لا يعترض على إزالة العنصر إلا مالكه.
error-detail-watermark-own = لا يسمح هذا الموقع للقنوات بتعيين علامتها المائية الخاصة.
error-detail-analytics = الإحصاءات متاحة للمنشئين والمشرفين العامّين فقط.
error-detail-watermark-margin = يجب أن يكون هامش العلامة المائية بين ٠ و٠٫٢٥ من ارتفاع الصورة.
error-detail-watermark-height = يجب أن يكون ارتفاع العلامة المائية بين ٠٫٠١ و٠٫٥ من ارتفاع الصورة.
error-detail-watermark-opacity = يجب أن تكون عتامة العلامة المائية بين ٠٫٠٥ و١.

## Plans

error-detail-plan-name = الاسم من ١ إلى ٦٠ حرفًا قابلًا للطباعة.
error-detail-plan-currency = العملة رمز ISO 4217 من ثلاثة أحرف، مثل EUR أو USD.
error-detail-plan-price-minor = السعر عدد صحيح من السنتات، من ٠ إلى ١٠٠٠٠٠٠٠٠.
error-detail-plan-price = السعر مبلغ مثل 9.99.
error-detail-plan-description = الوصف ٥٠٠ حرف على الأكثر.
error-detail-plan-period = المدة شهر أو سنة.
error-detail-periods = يجب أن يكون عددًا صحيحًا.
error-detail-periods-range = يجب أن يكون عددًا صحيحًا من ١ إلى { $max }.

## Moderation and the admin pages

error-detail-suspension-days = مدة الإيقاف من ١ إلى { $max } يوم.
error-detail-action-report = هذا الإجراء لا يناسب موضوع البلاغ.
error-detail-action-move = الإجراء هو نقل لأعلى أو لأسفل أو إزالة.
error-detail-action-subscribe = الإجراء هو الاشتراك أو إلغاء الاشتراك.
error-detail-month = ‏{ $given } ليس شهرًا: اكتبه بالصيغة YYYY-MM.
error-detail-month-future = لم يبدأ { $month } بعد.

## What was not found

error-detail-not-found-video = الفيديو غير موجود.
error-detail-not-found-item = العنصر غير موجود.
error-detail-not-found-page = الصفحة غير موجودة.
error-detail-not-found-channel = القناة غير موجودة.
error-detail-not-found-comment = التعليق غير موجود.
error-detail-not-found-account = الحساب غير موجود.
error-detail-not-found-user = المستخدم غير موجود.
error-detail-not-found-playlist = قائمة التشغيل غير موجودة.
error-detail-not-found-series = المسلسل غير موجود.
error-detail-not-found-profile = الملف الشخصي غير موجود.
error-detail-not-found-report = البلاغ غير موجود.
error-detail-not-found-plan = الخطة غير موجودة.
error-detail-not-found-token = رمز الوصول غير موجود.
error-detail-not-found-session = الجلسة غير موجودة.
error-detail-not-found-caption = مسار الترجمة غير موجود.
error-detail-not-found-audio = المسار الصوتي غير موجود.
error-detail-not-found-webhook = نقطة الاستقبال غير موجودة.
error-detail-not-found-delivery = الإرسال غير موجود.
error-detail-not-found-share = رابط المشاركة غير موجود.
error-detail-not-found-upload = الرفع غير موجود.
error-detail-not-found-file = الملف غير موجود.
error-detail-not-found-episode = الحلقة غير موجودة.
error-detail-not-found-artist = الفنان غير موجود.
error-detail-not-found-album = الألبوم غير موجود.
error-detail-not-found-history = إدخال السجل غير موجود.
error-detail-not-found-avatar = الصورة الرمزية غير موجودة.
error-detail-not-found-logo = الشعار غير موجود.
error-detail-not-found-device = الجهاز غير موجود.

error-not-yet-available = هذا العنصر غير متاح بعد.
error-no-longer-available = هذا العنصر لم يعد متاحًا.
error-not-available-here = هذا العنصر غير متاح في بلدك.
error-no-geo-database = لا يمكن قصر عنصر على بلدان معيّنة إلا إذا وفّر المشغّل قاعدة بيانات للبلدان ([geo] database).
error-invalid-availability = تواريخ إتاحة هذا العنصر أو بلدانها غير صالحة.
error-detail-coming = هذا العنصر متاح ابتداءً من { $when }.
error-detail-left = لم يعد هذا العنصر متاحًا منذ { $when }.
error-detail-window-order = يجب أن يأتي موعد انتهاء الإتاحة بعد موعد بدئها.
error-detail-allow-empty = يجب أن تسمّي قائمة البلدان المسموح بها بلدًا واحدًا على الأقل.

error-pin-required = يتطلب هذا رمزًا.
error-wrong-pin = هذا الرمز غير صحيح.
error-too-many-pins = جُرّبت رموز كثيرة على هذا الحساب؛ حاول لاحقًا.
error-invalid-pin = الرمز أربعة أرقام بالضبط.
error-detail-pin-profile-only = يُضبط رمز الملف الشخصي من ذلك الملف نفسه أو من الملف الرئيسي للحساب.
error-detail-pin-parental-main = يُضبط الرمز الأبوي من الملف الرئيسي للحساب.
