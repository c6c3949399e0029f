# The analytics pages (/analytics…), the admin's storage and cost pages (/admin/storage,
# /admin/cost) and the charts they draw.

## The analytics pages: tabs, range picker, figures

# The page title and the heading of one item's page; $title is a tab's name or the item's title.
analytics-title = Analytics: { $title }
analytics-tabs-label = Analytics
analytics-tab-overview = Overview
analytics-tab-top = Most watched
analytics-tab-quality = Quality
analytics-tab-pipeline = Pipeline
analytics-tab-signin = Sign-in
analytics-tab-revenue = Revenue
analytics-range-label = Date range
analytics-range-from = From
analytics-range-to = To
analytics-range-show = Show
# Before a list of links: "Last 7 days, 28 days, 90 days, 365 days".
analytics-presets = Last
analytics-preset-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
# Between the items of a list (keep the quotes: the space after the comma counts).
analytics-list-separator = { ", " }
analytics-download-csv = Download CSV
analytics-watch-page = Watch page
# Before two links: "Rank by views, watch time".
analytics-rank-by = Rank by
analytics-rank-views = views
analytics-rank-watch-time = watch time
analytics-at-a-glance = At a glance
# Opens the table of a chart's numbers.
analytics-figures = Figures
analytics-nothing-yet = Nothing yet in this range.
analytics-item-pages = Each item's engagement

## Figures with their units; $n comes already written

analytics-seconds = { $n } s
analytics-hours = { $n } h
analytics-kbps = { $n } kbit/s
# A price; $currency is a code such as EUR.
analytics-money = { $amount } { $currency }

## Figures at a glance

analytics-tile-views = Views
analytics-tile-watch-hours = Watch hours
analytics-tile-active-today = Active viewers today
# Viewers active over the last $n days (7 or 30).
analytics-tile-last-days = { $n ->
    [one] Last { $n } day
   *[other] Last { $n } days
}
analytics-tile-uploads = Uploads
analytics-tile-stored = Originals stored
analytics-tile-sessions = Sessions
# p50 and p95: the median and the 95th percentile.
analytics-tile-startup-p50 = Startup p50
analytics-tile-startup-p95 = Startup p95
analytics-tile-rebuffering = Rebuffering
analytics-tile-error-rate = Error rate
analytics-tile-playable-p50 = Playable p50
analytics-tile-playable-p95 = Playable p95
analytics-tile-ready-p50 = Ready p50
analytics-tile-ready-p95 = Ready p95
analytics-tile-failed = Failed
analytics-tile-signins = Sign-ins
analytics-tile-success-rate = Success rate
analytics-tile-lockouts = Lockouts
analytics-tile-subscribers = Subscribers
# The average share of the item viewers watched.
analytics-tile-average-watched = Average watched

## Charts: the heading, and (.description) what the chart shows, for screen readers

analytics-chart-views-viewers = Views and active viewers
    .description = Views and active viewers per day
analytics-chart-watch-hours = Watch hours
    .description = Hours played per day
analytics-chart-uploads = Uploads
    .description = Uploads per day
analytics-chart-stored = Originals stored
    .description = Bytes of originals stored
analytics-chart-items-by-views = Items by views
    .description = Most watched items by views
analytics-chart-items-by-watch-hours = Items by watch hours
    .description = Most watched items by watch hours
analytics-chart-channels-by-views = Channels by views
    .description = Most watched channels by views
analytics-chart-channels-by-watch-hours = Channels by watch hours
    .description = Most watched channels by watch hours
analytics-chart-startup = Startup time
    .description = Startup time per day, seconds
analytics-chart-rebuffering = Rebuffering and errors
    .description = Rebuffering ratio and error rate per day, percent
analytics-chart-renditions = By rendition
    .description = Share of time played by rendition, percent
analytics-chart-processing = Time to playable and ready
    .description = Median time to playable and to ready per day, seconds
analytics-chart-failures = Failures by reason
    .description = Failed items by reason
analytics-chart-codes = Codes sent and delivered
    .description = Sign-in codes per day by channel
analytics-chart-signins = Sign-ins and lockouts
    .description = Sign-ins succeeded, failed and lockouts per day
analytics-chart-revenue = Revenue by plan and month
    .description = Revenue by plan and month
analytics-chart-subscribers = Subscribers now
    .description = Subscribers by plan
analytics-chart-retention = Retention
    .description = Share of viewers still watching at each percent of the item, percent
analytics-chart-views = Views
    .description = Views per day

## Column headers of the tables beside the charts, and the charts' legends (lower case)

analytics-col-date = date
analytics-col-month = month
analytics-col-views = views
analytics-col-active-viewers = active viewers
analytics-col-watch-hours = watch hours
analytics-col-uploads = uploads
# Bytes of originals stored that day.
analytics-col-stored = stored
analytics-col-item = item
analytics-col-channel = channel
# A channel's handle (its @name).
analytics-col-handle = handle
analytics-col-sessions = sessions
# The median and the 95th percentile.
analytics-col-p50 = p50
analytics-col-p95 = p95
analytics-col-rebuffering = rebuffering
analytics-col-errors = errors
analytics-col-error-rate = error rate
# A rendition is one quality of the video (1080p, 720p…).
analytics-col-rendition = rendition
analytics-col-share-of-time = share of time
analytics-col-average-bitrate = average bitrate
# Time from upload until the item can be played, and until all its renditions are ready.
analytics-col-playable-p50 = playable p50
analytics-col-playable-p95 = playable p95
analytics-col-ready-p50 = ready p50
analytics-col-ready-p95 = ready p95
analytics-col-failed = failed
analytics-col-reason = reason
analytics-col-items = items
# Sign-in codes: asked for, sent, failed to send, delivered, not delivered.
analytics-col-requested = requested
analytics-col-sent = sent
analytics-col-delivered = delivered
analytics-col-undelivered = undelivered
analytics-col-delivery-rate = delivery rate
# Sign-ins.
analytics-col-succeeded = succeeded
analytics-col-lockouts = lockouts
analytics-col-plan = plan
analytics-col-revenue = revenue
analytics-col-payments = payments
analytics-col-subscribers = subscribers
# Where in the item (a percent of it) viewers stop watching.
analytics-col-where-viewers-leave = where viewers leave
analytics-col-share-lost = share of viewers lost
analytics-col-startup-p50 = startup p50
analytics-series-bytes = bytes
analytics-series-email-sent = email sent
analytics-series-sms-sent = sms sent
analytics-series-sms-delivered = sms delivered
analytics-series-viewers = viewers
# How a sign-in code was sent.
analytics-channel-email = email
analytics-channel-sms = sms
# Why an item failed, when nothing was recorded.
analytics-no-reason = no reason recorded

## The charts themselves

# What a line chart shows, for screen readers: "views, active viewers from 01-02 to 01-28".
chart-description = { $series } from { $from } to { $to }
# Short figures on a chart's axis: $n is already written (1.5, 34).
chart-axis-thousands = { $n }k
chart-axis-millions = { $n }M
chart-axis-billions = { $n }G

## The admin's storage page

storage-title = Admin: storage
storage-tile-hot = Hot tier
storage-tile-cold = Cold tier
storage-tile-objects = Objects
# $date is when the prices were taken (2024-12).
storage-tile-monthly = A month at the prices of { $date }
storage-kinds-heading = By kind and tier
storage-chart-kinds = Bytes stored by kind and tier
# A bar of the chart: a kind of object and its tier ("original hot").
storage-chart-kind-tier = { $kind } { $tier }
storage-col-kind = Kind
storage-col-tier = Tier
storage-col-objects = Objects
storage-col-size = Size
storage-col-channel = Channel
storage-col-items = Items
storage-col-hot = Hot
storage-col-cold = Cold
storage-col-item = Item
storage-nothing-stored = Nothing stored yet.
storage-channels-heading = Channels holding most
storage-no-channel = (no channel)
storage-no-channel-stores = No channel stores anything yet.
storage-items-heading = Biggest items
storage-no-item-stores = No item stores anything yet.
# Kinds of stored object (lower case).
storage-kind-original = original
storage-kind-rendition = rendition
storage-kind-download = download
storage-kind-image = image
storage-kind-index = index
storage-kind-avatar = avatar
storage-kind-upload = upload
storage-kind-other = other
# Storage tiers: fast and dearer, or slow and cheaper (lower case).
storage-tier-hot = hot
storage-tier-cold = cold

## The admin's cost page

cost-title = Admin: cost
# $month is YYYY-MM.
cost-heading = Cost of { $month }
cost-month = Month
# Followed by "([prices])" (the settings' section, as code) and cost-prices-currency.
cost-prices-note = Recorded usage at the prices of { $date }
# Ends the sentence of cost-prices-note (keep the quotes: the comma and space count).
cost-prices-currency = { ", " }in US dollars.
cost-tile-so-far = So far
cost-tile-forecast = Forecast for the month
cost-anomalies = Anomalies
# $method is one of the cost-forecast-… messages below.
cost-forecast = Forecast: { $method }.
cost-forecast-over = the month is over: its total
cost-forecast-today = no complete day yet: today so far, for each day left
cost-forecast-one-day = one complete day: its cost, for each day left
cost-forecast-trend = { $n ->
    [one] the trend of the last { $n } complete day
   *[other] the trend of the last { $n } complete days
}
# An anomaly: a day whose cost of a resource ($resource, a code such as origin_egress) is far
# above normal. $cost and $normal are amounts already written ($22.00).
cost-anomaly = { $resource } on { $date }: { $cost } against a normal { $normal }
# The same, with the item whose usage rose most: $share percent of the rise, $id its id.
cost-anomaly-item = { $resource } on { $date }: { $cost } against a normal { $normal }, { $share }% from “{ $title }” ({ $id })
cost-anomaly-item-channel = { $resource } on { $date }: { $cost } against a normal { $normal }, { $share }% from “{ $title }” ({ $id }, channel { $channel })
# Stands for the title of an item since deleted, in the anomalies above.
cost-anomaly-deleted-item = a deleted item
cost-daily-heading = By day
cost-chart-daily = Dollars per day
# The chart's line of the day's whole cost (lower case, beside resource codes).
cost-series-total = total
cost-col-date = Date
cost-col-cost = Cost
cost-col-resource = Resource
cost-col-used = Used
cost-col-price = Price
cost-col-channel = Channel
cost-col-items = Items
cost-col-item = Item
cost-resources-heading = By resource
# $price is already written ($0.085); $unit is one of the cost-unit-… messages.
cost-price-per = { $price } per { $unit }
cost-nothing-month = Nothing recorded this month.
cost-channels-heading = Channels that cost most
cost-deleted-items = (deleted items)
cost-nothing-channel = Nothing recorded for any channel.
cost-items-heading = Items that cost most
# An item since deleted, shown by its id.
cost-deleted-item = { $id } (deleted)
cost-nothing-item = Nothing recorded for any item.
# An amount in US dollars; $amount is already written (12.50).
cost-dollars = ${ $amount }

## The units resources are priced by

cost-unit-gib-month = GiB-month
cost-unit-gib = GiB
cost-unit-cpu-hour = CPU-hour
cost-unit-message = message
cost-unit-1000-requests = 1000 requests
