# The analytics pages (/analytics…), the admin's storage and cost pages (/admin/storage,
# /admin/cost) and the charts they draw.

## The analytics pages: tabs, range picker, figures

analytics-title = الإحصاءات: { $title }
analytics-tabs-label = الإحصاءات
analytics-tab-overview = نظرة عامة
analytics-tab-top = الأكثر مشاهدة
analytics-tab-quality = الجودة
analytics-tab-pipeline = المعالجة
analytics-tab-signin = تسجيل الدخول
analytics-tab-revenue = الإيرادات
analytics-range-label = الفترة الزمنية
analytics-range-from = من
analytics-range-to = إلى
analytics-range-show = عرض
analytics-presets = آخر
analytics-preset-days = { PLURAL($n) ->
    [zero] { $n } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $n } أيام
    [many] { $n } يومًا
   *[other] { $n } يوم
}
analytics-list-separator = { "، " }
analytics-download-csv = تنزيل ملف CSV
analytics-watch-page = صفحة المشاهدة
analytics-rank-by = الترتيب حسب
analytics-rank-views = المشاهدات
analytics-rank-watch-time = مدة المشاهدة
analytics-at-a-glance = لمحة سريعة
analytics-figures = الأرقام
analytics-nothing-yet = لا شيء بعد في هذه الفترة.
analytics-item-pages = تفاعل المشاهدين مع كل عنصر

## Figures with their units; $n comes already written

analytics-seconds = { $n } ث
analytics-hours = { $n } س
analytics-kbps = { $n } كيلوبت/ث
analytics-money = { $amount } { $currency }

## Figures at a glance

analytics-tile-views = المشاهدات
analytics-tile-watch-hours = ساعات المشاهدة
analytics-tile-active-today = المشاهدون النشطون اليوم
analytics-tile-last-days = { PLURAL($n) ->
    [zero] آخر { $n } يوم
    [one] آخر يوم
    [two] آخر يومين
    [few] آخر { $n } أيام
    [many] آخر { $n } يومًا
   *[other] آخر { $n } يوم
}
analytics-tile-uploads = عمليات الرفع
analytics-tile-stored = الملفات الأصلية المخزّنة
analytics-tile-sessions = الجلسات
analytics-tile-startup-p50 = بدء التشغيل p50
analytics-tile-startup-p95 = بدء التشغيل p95
analytics-tile-rebuffering = التخزين المؤقت
analytics-tile-error-rate = معدل الأخطاء
analytics-tile-playable-p50 = قابل للتشغيل p50
analytics-tile-playable-p95 = قابل للتشغيل p95
analytics-tile-ready-p50 = جاهز p50
analytics-tile-ready-p95 = جاهز p95
analytics-tile-failed = الفاشلة
analytics-tile-signins = عمليات تسجيل الدخول
analytics-tile-success-rate = معدل النجاح
analytics-tile-lockouts = حالات القفل
analytics-tile-subscribers = المشتركون
analytics-tile-average-watched = متوسط نسبة المشاهدة

## Charts: the heading, and (.description) what the chart shows, for screen readers

analytics-chart-views-viewers = المشاهدات والمشاهدون النشطون
    .description = المشاهدات والمشاهدون النشطون يوميًا
analytics-chart-watch-hours = ساعات المشاهدة
    .description = ساعات التشغيل يوميًا
analytics-chart-uploads = عمليات الرفع
    .description = عمليات الرفع يوميًا
analytics-chart-stored = الملفات الأصلية المخزّنة
    .description = حجم الملفات الأصلية المخزّنة بالبايت
analytics-chart-items-by-views = العناصر حسب المشاهدات
    .description = العناصر الأكثر مشاهدة حسب المشاهدات
analytics-chart-items-by-watch-hours = العناصر حسب ساعات المشاهدة
    .description = العناصر الأكثر مشاهدة حسب ساعات المشاهدة
analytics-chart-channels-by-views = القنوات حسب المشاهدات
    .description = القنوات الأكثر مشاهدة حسب المشاهدات
analytics-chart-channels-by-watch-hours = القنوات حسب ساعات المشاهدة
    .description = القنوات الأكثر مشاهدة حسب ساعات المشاهدة
analytics-chart-startup = زمن بدء التشغيل
    .description = زمن بدء التشغيل يوميًا، بالثواني
analytics-chart-rebuffering = التخزين المؤقت والأخطاء
    .description = نسبة التخزين المؤقت ومعدل الأخطاء يوميًا، بالنسبة المئوية
analytics-chart-renditions = حسب الجودة
    .description = حصة وقت التشغيل لكل جودة، بالنسبة المئوية
analytics-chart-processing = الوقت حتى قابلية التشغيل والجاهزية
    .description = الوقت الوسيط حتى قابلية التشغيل وحتى الجاهزية يوميًا، بالثواني
analytics-chart-failures = حالات الفشل حسب السبب
    .description = العناصر الفاشلة حسب السبب
analytics-chart-codes = الرموز المرسلة والمسلّمة
    .description = رموز تسجيل الدخول يوميًا حسب القناة
analytics-chart-signins = عمليات تسجيل الدخول وحالات القفل
    .description = عمليات تسجيل الدخول الناجحة والفاشلة وحالات القفل يوميًا
analytics-chart-revenue = الإيرادات حسب الخطة والشهر
    .description = الإيرادات حسب الخطة والشهر
analytics-chart-subscribers = المشتركون حاليًا
    .description = المشتركون حسب الخطة
analytics-chart-retention = الاحتفاظ بالمشاهدين
    .description = نسبة المشاهدين الذين ما زالوا يشاهدون عند كل نسبة مئوية من العنصر، بالنسبة المئوية
analytics-chart-views = المشاهدات
    .description = المشاهدات يوميًا

## Column headers of the tables beside the charts, and the charts' legends (lower case)

analytics-col-date = التاريخ
analytics-col-month = الشهر
analytics-col-views = المشاهدات
analytics-col-active-viewers = المشاهدون النشطون
analytics-col-watch-hours = ساعات المشاهدة
analytics-col-uploads = عمليات الرفع
analytics-col-stored = المخزَّن
analytics-col-item = العنصر
analytics-col-channel = القناة
analytics-col-handle = المعرّف
analytics-col-sessions = الجلسات
analytics-col-p50 = p50
analytics-col-p95 = p95
analytics-col-rebuffering = التخزين المؤقت
analytics-col-errors = الأخطاء
analytics-col-error-rate = معدل الأخطاء
analytics-col-rendition = الجودة
analytics-col-share-of-time = حصة الوقت
analytics-col-average-bitrate = متوسط معدل البت
analytics-col-playable-p50 = قابل للتشغيل p50
analytics-col-playable-p95 = قابل للتشغيل p95
analytics-col-ready-p50 = جاهز p50
analytics-col-ready-p95 = جاهز p95
analytics-col-failed = الفاشلة
analytics-col-reason = السبب
analytics-col-items = العناصر
analytics-col-requested = المطلوبة
analytics-col-sent = المرسلة
analytics-col-delivered = المسلّمة
analytics-col-undelivered = غير المسلّمة
analytics-col-delivery-rate = معدل التسليم
analytics-col-succeeded = الناجحة
analytics-col-lockouts = حالات القفل
analytics-col-plan = الخطة
analytics-col-revenue = الإيرادات
analytics-col-payments = المدفوعات
analytics-col-subscribers = المشتركون
analytics-col-where-viewers-leave = موضع مغادرة المشاهدين
analytics-col-share-lost = نسبة المشاهدين المفقودين
analytics-col-startup-p50 = بدء التشغيل p50
analytics-series-bytes = البايتات
analytics-series-email-sent = رسائل البريد المرسلة
analytics-series-sms-sent = الرسائل النصية المرسلة
analytics-series-sms-delivered = الرسائل النصية المسلّمة
analytics-series-viewers = المشاهدون
analytics-channel-email = البريد الإلكتروني
analytics-channel-sms = رسالة نصية
analytics-no-reason = لم يُسجَّل أي سبب

## The charts themselves

chart-description = { $series } من { $from } إلى { $to }
chart-axis-thousands = { $n } ألف
chart-axis-millions = { $n } مليون
chart-axis-billions = { $n } مليار

## The admin's storage page

storage-title = الإدارة: التخزين
storage-tile-hot = الطبقة الساخنة
storage-tile-cold = الطبقة الباردة
storage-tile-objects = الكائنات
storage-tile-monthly = شهر بأسعار { $date }
storage-kinds-heading = حسب النوع والطبقة
storage-chart-kinds = البايتات المخزّنة حسب النوع والطبقة
storage-chart-kind-tier = { $kind } ({ $tier })
storage-col-kind = النوع
storage-col-tier = الطبقة
storage-col-objects = الكائنات
storage-col-size = الحجم
storage-col-channel = القناة
storage-col-items = العناصر
storage-col-hot = ساخنة
storage-col-cold = باردة
storage-col-item = العنصر
storage-nothing-stored = لا شيء مخزّن بعد.
storage-channels-heading = القنوات الأكثر تخزينًا
storage-no-channel = (بلا قناة)
storage-no-channel-stores = لا تخزّن أي قناة شيئًا بعد.
storage-items-heading = أكبر العناصر
storage-no-item-stores = لا يخزّن أي عنصر شيئًا بعد.
storage-kind-original = أصلي
storage-kind-rendition = نسخة بجودة
storage-kind-download = تنزيل
storage-kind-image = صورة
storage-kind-index = فهرس
storage-kind-avatar = صورة رمزية
storage-kind-upload = رفع
storage-kind-other = أخرى
storage-tier-hot = ساخنة
storage-tier-cold = باردة

## The admin's cost page

cost-title = الإدارة: التكلفة
cost-heading = تكلفة { $month }
cost-month = الشهر
cost-prices-note = الاستخدام المسجّل بأسعار { $date }
cost-prices-currency = { "، " }بالدولار الأمريكي.
cost-tile-so-far = حتى الآن
cost-tile-forecast = التوقع للشهر
cost-anomalies = الحالات الشاذة
cost-forecast = التوقع: { $method }.
cost-forecast-over = انتهى الشهر: إجماليه
cost-forecast-today = لا يوم مكتمل بعد: تكلفة اليوم حتى الآن، لكل يوم متبقٍّ
cost-forecast-one-day = يوم مكتمل واحد: تكلفته، لكل يوم متبقٍّ
cost-forecast-trend = { PLURAL($n) ->
    [zero] اتجاه آخر { $n } يوم مكتمل
    [one] اتجاه آخر يوم مكتمل
    [two] اتجاه آخر يومين مكتملين
    [few] اتجاه آخر { $n } أيام مكتملة
    [many] اتجاه آخر { $n } يومًا مكتملًا
   *[other] اتجاه آخر { $n } يوم مكتمل
}
cost-anomaly = { $resource } في { $date }: { $cost } مقابل { $normal } في المعتاد
cost-anomaly-item = { $resource } في { $date }: { $cost } مقابل { $normal } في المعتاد، { $share }٪ من «{ $title }» ({ $id })
cost-anomaly-item-channel = { $resource } في { $date }: { $cost } مقابل { $normal } في المعتاد، { $share }٪ من «{ $title }» ({ $id }، القناة { $channel })
cost-anomaly-deleted-item = عنصر محذوف
cost-daily-heading = حسب اليوم
cost-chart-daily = الدولارات يوميًا
cost-series-total = الإجمالي
cost-col-date = التاريخ
cost-col-cost = التكلفة
cost-col-resource = المورد
cost-col-used = المستخدَم
cost-col-price = السعر
cost-col-channel = القناة
cost-col-items = العناصر
cost-col-item = العنصر
cost-resources-heading = حسب المورد
cost-price-per = { $price } لكل { $unit }
cost-nothing-month = لم يُسجَّل شيء هذا الشهر.
cost-channels-heading = القنوات الأعلى تكلفة
cost-deleted-items = (عناصر محذوفة)
cost-nothing-channel = لم يُسجَّل شيء لأي قناة.
cost-items-heading = العناصر الأعلى تكلفة
cost-deleted-item = { $id } (محذوف)
cost-nothing-item = لم يُسجَّل شيء لأي عنصر.
cost-dollars = { $amount } $

## The units resources are priced by

cost-unit-gib-month = غيبيبايت-شهر
cost-unit-gib = غيبيبايت
cost-unit-cpu-hour = ساعة معالج
cost-unit-message = رسالة
cost-unit-1000-requests = ١٠٠٠ طلب
