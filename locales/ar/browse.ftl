# Browsing: the home page, video cards, channels, the browse and search listings, artists and
# albums, the liked items.

## A video's card in a grid (and its view count, also on the watch page)

# $n picks the form; $count is the same number written short ("1.2K").
browse-views = { PLURAL($n) ->
    [zero] { $count } مشاهدة
    [one] مشاهدة واحدة
    [two] مشاهدتان
    [few] { $count } مشاهدات
    [many] { $count } مشاهدة
   *[other] { $count } مشاهدة
}
# A badge on an item that plays while it is still being processed.
browse-card-processing = قيد المعالجة
# For screen readers, on the bar of how much was watched; $percent is already written ("40 %").
browse-card-watched = تمت مشاهدة { $percent }

## The home page

browse-welcome = مرحبًا بك في { $site }
browse-welcome-text = الفيديوهات هنا للأعضاء. سجّل الدخول بعنوان بريدك الإلكتروني أو رقم هاتفك للمشاهدة.
browse-continue-watching = متابعة المشاهدة
browse-recommended = مقترحات لك
browse-latest = أحدث الفيديوهات
browse-more-videos = مزيد من الفيديوهات
browse-home-empty = لا توجد فيديوهات بعد.
# "[Upload the first one].": the link, then what ends the sentence.
browse-home-upload-first = ارفع أول فيديو
browse-home-upload-first-after = .

## A channel's page

browse-channel-empty = لا توجد فيديوهات في هذه القناة بعد.
# Followed by when the account was made, as a relative time ("3 days ago").
browse-member-since = انضم

## The browse and search listings

# The labels of the lists of filters.
browse-facet-kind = الأنواع
browse-facet-genre = التصنيفات
# The kinds of item, as the filters list them (a heading capitalises the first letter).
browse-kind-video = فيديو
browse-kind-film = فيلم
browse-kind-episode = حلقة
browse-kind-music = موسيقى
browse-kind-podcast = بودكاست
browse-more = المزيد
browse-empty = لا شيء هنا بعد.
browse-search-empty = لا شيء يطابق هذا البحث.
browse-liked-empty = لا شيء بعد. تظهر هنا العناصر التي تعجبك.

## A listing's heading: one phrase per filter, joined with " · " ("Jazz · by Miles · from 1959")

browse-heading-results = نتائج البحث عن «{ $query }»
browse-heading-artist = من أداء { $artist }
browse-heading-album = من ألبوم { $album }
# $year as the visitor wrote it.
browse-heading-year = من عام { $year }
# $language is a language code ("fr").
browse-heading-language = باللغة { $language }
browse-heading-tag = بالوسم «{ $tag }»
browse-heading-everything = كل شيء

## An artist's and an album's pages

browse-artist = فنان
# The artist's tracks on no album.
browse-artist-tracks = مقطوعات
browse-album = ألبوم
browse-album-tracks = { PLURAL($n) ->
    [zero] { $n } مقطوعة
    [one] مقطوعة واحدة
    [two] مقطوعتان
    [few] { $n } مقطوعات
    [many] { $n } مقطوعة
   *[other] { $n } مقطوعة
}
browse-play-all = تشغيل الكل

browse-coming-soon = قريبًا
browse-leaving-soon = يغادر قريبًا
browse-card-coming = ابتداءً من { $date }
browse-card-leaving = حتى { $date }
