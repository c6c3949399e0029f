# What Reel emails and texts to people. See the English file.

## A sign-in code, by email or text message

email-code-subject = رمز تسجيل الدخول إلى { $site }: { $code }
email-code-text = رمز تسجيل الدخول إلى { $site } هو { $code }.
    صالح لمدة { PLURAL($minutes) ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }. إن لم تطلبه، فتجاهل هذه الرسالة.

## The code that deletes an account

email-delete-code-subject = رمز حذف حسابك على { $site }: { $code }
email-delete-code-text = رمزك هو { $code }: إنه يحذف حسابك على { $site }.
    صالح لمدة { PLURAL($minutes) ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }، وفقط حيث طلبت حذف الحساب، ولا يسجّل دخولك. إن لم تطلبه، فلا تعطه لأحد: فقد طلبه شخص مسجّل الدخول إلى حسابك.

## New items from followed channels

email-digest-subject-one = جديد من { $channel }: { $title }
email-digest-subject-many = { PLURAL($n) ->
    [zero] { $n } عنصر جديد من القنوات التي تتابعها
    [one] عنصر جديد من القنوات التي تتابعها
    [two] عنصران جديدان من القنوات التي تتابعها
    [few] { $n } عناصر جديدة من القنوات التي تتابعها
    [many] { $n } عنصرًا جديدًا من القنوات التي تتابعها
   *[other] { $n } عنصر جديد من القنوات التي تتابعها
}
email-digest-intro = نشرت القنوات التي تتابعها على { $site }:
email-digest-item = { $channel } — { $title }
email-digest-a-channel = قناة
email-digest-stop = لإيقاف هذه الرسائل، افتح هذا الرابط (دون الحاجة إلى تسجيل الدخول):

## Moderators' decisions about a person's item or account

email-takedown-subject = أُزيل عنصرك
email-takedown-text = أزال أحد المشرفين «{ $title }»: { $reason }

    يبقى مخزّنًا، لكن لا يمكن لأحد العثور عليه أو مشاهدته. يمكنك الاعتراض مرة واحدة، على { $link }
email-restored-subject = أُعيد عنصرك
email-restored-text = أعاد أحد المشرفين «{ $title }»: يمكن العثور عليه ومشاهدته مجددًا: { $link }
email-suspended-subject = حسابك موقوف
email-suspended-text = أوقف أحد المشرفين حسابك حتى { $until }: { $reason }

    لا يمكنك تسجيل الدخول حتى ذلك الحين.

## A webhook endpoint turned off

email-webhook-disabled-subject = [{ $site }] عُطّلت نقطة استقبال webhook
email-webhook-disabled-text = توقف { $site } عن إرسال الأحداث إلى { $url }: لم ينجح أي إرسال طوال { $period } (آخر محاولة: { $answered }).

    يمكن إعادة إرسال ما فشل، ويمكن تفعيلها مجددًا، على { $link }
email-period-days = { PLURAL($n) ->
    [zero] { $n } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $n } أيام
    [many] { $n } يومًا
   *[other] { $n } يوم
}
email-period-hours = { PLURAL($n) ->
    [zero] { $n } ساعة
    [one] ساعة واحدة
    [two] ساعتين
    [few] { $n } ساعات
    [many] { $n } ساعة
   *[other] { $n } ساعة
}
email-period-minutes = { PLURAL($n) ->
    [zero] { $n } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $n } دقائق
    [many] { $n } دقيقة
   *[other] { $n } دقيقة
}

alarm-email-subject = [{ $site }] { $state } { $name }: { $summary }
alarm-email-state-firing = نشط
alarm-email-state-resolved = انتهى
alarm-email-text = { $summary }.

    { $name } في حالة «{ $state }» منذ { $since }: { $detail }.

    صفحة الصحة تعرض كل الإنذارات: { $link }
