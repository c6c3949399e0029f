# The shell around every page, and what every page writes the same way: times, dates, counts.

language-name = العربية

## The top bar and the account menu

shell-skip = الانتقال إلى المحتوى
shell-guide = الدليل
shell-home-label = الصفحة الرئيسية لـ { $site }
shell-search-label = البحث في الفيديوهات
shell-search-placeholder = بحث
shell-search = بحث
shell-upload = رفع
shell-notifications = الإشعارات
shell-your-channel = قناتك
shell-studio = الاستوديو
shell-analytics = الإحصاءات
shell-switch-profile = تبديل الملف الشخصي
shell-switch-profile-now = (الحالي: { $name })
shell-account = الحساب
shell-admin = الإدارة
shell-moderation = الإشراف
shell-sign-out = تسجيل الخروج
shell-settings = الإعدادات
shell-sign-in = تسجيل الدخول
shell-theme = المظهر
shell-theme-system = حسب النظام
shell-theme-light = فاتح
shell-theme-dark = داكن
shell-language = اللغة
shell-language-choose = استخدام هذه اللغة

## The guide

guide-home = الرئيسية
guide-browse = تصفّح
guide-subscriptions = الاشتراكات
guide-history = السجل
guide-playlists = قوائم التشغيل
guide-series = المسلسلات
guide-liked = الإعجابات
guide-following = القنوات المتابَعة
guide-all-subscriptions = كل الاشتراكات

## Times and dates

time-just-now = الآن
time-ago-years = { PLURAL($n) ->
    [zero] منذ { $n } سنة
    [one] منذ سنة
    [two] منذ سنتين
    [few] منذ { $n } سنوات
    [many] منذ { $n } سنة
   *[other] منذ { $n } سنة
}
time-ago-months = { PLURAL($n) ->
    [zero] منذ { $n } شهر
    [one] منذ شهر
    [two] منذ شهرين
    [few] منذ { $n } أشهر
    [many] منذ { $n } شهرًا
   *[other] منذ { $n } شهر
}
time-ago-weeks = { PLURAL($n) ->
    [zero] منذ { $n } أسبوع
    [one] منذ أسبوع
    [two] منذ أسبوعين
    [few] منذ { $n } أسابيع
    [many] منذ { $n } أسبوعًا
   *[other] منذ { $n } أسبوع
}
time-ago-days = { PLURAL($n) ->
    [zero] منذ { $n } يوم
    [one] منذ يوم
    [two] منذ يومين
    [few] منذ { $n } أيام
    [many] منذ { $n } يومًا
   *[other] منذ { $n } يوم
}
time-ago-hours = { PLURAL($n) ->
    [zero] منذ { $n } ساعة
    [one] منذ ساعة
    [two] منذ ساعتين
    [few] منذ { $n } ساعات
    [many] منذ { $n } ساعة
   *[other] منذ { $n } ساعة
}
time-ago-minutes = { PLURAL($n) ->
    [zero] منذ { $n } دقيقة
    [one] منذ دقيقة
    [two] منذ دقيقتين
    [few] منذ { $n } دقائق
    [many] منذ { $n } دقيقة
   *[other] منذ { $n } دقيقة
}
date-medium = { $day } { $month } { $year }
date-time = { $date }، { $time } UTC
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر

## Short counts and sizes: the number comes already written

count-thousands = { $n } ألف
count-millions = { $n } مليون
count-billions = { $n } مليار
size-bytes = { $n } بايت
size-kilobytes = { $n } ك.ب
size-megabytes = { $n } م.ب
size-gigabytes = { $n } ج.ب
percent = { $n }٪

## Confirmations at the top of the account pages after a change

notice-saved = تم الحفظ.
notice-account-deleted = يجري حذف حسابك. تم تسجيل خروجك من كل مكان.
notice-revoked = تم إلغاء الرمز المميّز.
notice-device-removed = تم تسجيل خروج الجهاز.
notice-device-renamed = تمت إعادة تسمية الجهاز.
notice-screen-stopped = تم إيقاف الشاشة.
notice-totp = تم تفعيل تسجيل الدخول بخطوتين.
notice-profile = تمت إضافة الملف الشخصي.
notice-avatar = يجري تجهيز صورتك؛ ستظهر هنا بعد لحظات.
notice-logo = يجري تجهيز شعارك؛ سيظهر هنا بعد لحظات، وفي فيديوهاتك بدءًا من معالجتها التالية.
notice-profile-removed = تمت إزالة الملف الشخصي مع سجله وقوائم تشغيله.
# A plan's limits, as the plans and account pages list them. $n: a number of streams or devices.
plan-limit-streams = { PLURAL($n) ->
    [zero] { $n } شاشة في آن واحد
    [one] شاشة واحدة في آن واحد
    [two] شاشتان في آن واحد
    [few] { $n } شاشات في آن واحد
    [many] { $n } شاشةً في آن واحد
   *[other] { $n } شاشة في آن واحد
}
plan-limit-streams-any = أي عدد من الشاشات في آن واحد
plan-limit-devices = { PLURAL($n) ->
    [zero] { $n } جهاز
    [one] جهاز واحد
    [two] جهازان
    [few] { $n } أجهزة
    [many] { $n } جهازًا
   *[other] { $n } جهاز
}
plan-limit-devices-any = أي عدد من الأجهزة
# $height: a picture height in lines, such as 720 (written as it is, with no grouping).
plan-limit-height = حتى { $height }p
plan-limit-height-any = كل الجودات
plan-limit-downloads = التنزيلات
plan-limit-no-downloads = بلا تنزيلات

notice-pin-set = قُفل الملف الشخصي برمزه.
notice-pin-removed = أُزيل رمز الملف الشخصي.
notice-parental-pin-set = ضُبط الرمز الأبوي.
notice-parental-pin-removed = أُزيل الرمز الأبوي.
