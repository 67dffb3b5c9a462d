## Notifications of conversions. Values are inserted already HTML-escaped.

status-registration = 📝 Registration
status-deposit = 💰 Deposit
status-rebill = 🔁 Repeat deposit
status-rejected = ⛔️ Rejected
status-other = ℹ️ { $word }
status-test = 🧪 Test — { $title }
status-other-empty = ℹ️ Conversion

label-campaign = Campaign
label-offer = Offer
label-geo = GEO
label-creative = Creative
label-landing = Landing
label-revenue = Revenue
label-reason = Reason
label-sub1 = Sub1
label-source = Source
label-original-status = Original status
label-tx = TX
label-sub = Sub{ $n }
label-offer-id = Offer ID
label-landing-id = Landing ID
label-campaign-id = Campaign ID
label-creative-id = Creative

## Digests: one message for many conversions when a chat is flooded.

digest-registration = 📝 Registrations
digest-deposit = 💰 Deposits
digest-rebill = 🔁 Repeat deposits
digest-rejected = ⛔️ Rejected
digest-other = ℹ️ Other
digest-line = { $name }: { $count } in { $minutes } min — { $campaigns }
digest-line-count = { $name }: { $count } in { $minutes } min
digest-no-campaign = no campaign
digest-revenue = Revenue: { $sums }
digest-tx = TX: { $ids }
digest-more = and { $count } more
funnel-after-registration = ⏱ { $duration } after the registration
funnel-registration-line = → 💰 deposit { $amount }after { $duration }
funnel-rebill = 🔁 deposit no. { $n }, { $sums } in total
funnel-rebill-count = 🔁 deposit no. { $n }
digest-paused = 🔕 While paused: { $count } { $count ->
    [one] conversion
   *[other] conversions
}
digest-quiet = 🌙 During quiet hours: { $count } { $count ->
    [one] conversion
   *[other] conversions
}

## The daily summary and statistics.

summary-title = 📊 <b>Summary for { $day }</b>
summary-empty = No conversions that day.
summary-registrations = 📝 Registrations: { $count }
summary-deposits = 💰 First deposits: { $count }
summary-rebills = 🔁 Repeat deposits: { $count }
summary-rejections = ⛔️ Rejected: { $count }
summary-other = ℹ️ { $word }: { $count }
summary-revenue = 💵 Revenue: { $sums }
summary-funnel = 🎯 Reg → dep: { $rate }% ({ $deposited } of { $registrations })
summary-median = ⏱ Median time to deposit: { $duration }
summary-campaigns = Campaigns: { $list }
summary-countries = GEO: { $list }
summary-buyers = Buyers: { $list }
summary-entry = { $name } { $deposits }/{ $registrations }
summary-legend = <i>in the lists: first deposits / registrations</i>
summary-none = unnamed
stats-title-today = 📊 <b>Today, { $day }</b>
stats-title-yesterday = 📊 <b>Yesterday, { $day }</b>
stats-title-days = 📊 <b>{ $days } days: { $from } – { $to }</b>
bot-stats-not-bound = No profile sends its conversions to this chat. Bind it with /connect.
bot-stats-no-profiles = You have no profiles yet: /start → 💚 Keitaro notifications → ➕ New profile.
bot-stats-usage = Like this: /stats for today, /stats yesterday, /stats 7d or /stats 30d.
bot-menu-stats = 📊 Statistics
bot-btn-stats = 📊 Statistics
bot-stats-choose = 📊 Whose statistics?
bot-stats-btn-today = Today
bot-stats-btn-yesterday = Yesterday
bot-stats-btn-7d = 7 days
bot-stats-btn-30d = 30 days
bot-stats-btn-day = 📅 Days
bot-stats-btn-campaign = 📣 Campaigns
bot-stats-btn-country = 🌍 GEO
bot-stats-btn-buyer = 👤 Buyers
bot-stats-btn-source = 🚦 Sources
bot-stats-btn-offer = 🎁 Offers
bot-stats-btn-refresh = 🔄 Refresh
bot-stats-btn-settings = ⚙️ Settings
bot-stats-by-day = <b>By day</b> (📝 registrations · 💰 first deposits · revenue)
bot-stats-by-campaign = <b>By campaign</b> (📝 registrations · 💰 first deposits · revenue)
bot-stats-by-country = <b>By GEO</b> (📝 registrations · 💰 first deposits · revenue)
bot-stats-by-buyer = <b>By buyer</b> (📝 registrations · 💰 first deposits · revenue)
bot-stats-by-source = <b>By source</b> (📝 registrations · 💰 first deposits · revenue)
bot-stats-by-offer = <b>By offer</b> (📝 registrations · 💰 first deposits · revenue)
bot-stats-row = { $n }. { $name } — 📝 { $registrations } · 💰 { $deposits }{ $revenue }
bot-stats-more = …and { $count } more
bot-stats-nothing = Nothing in this period.
bot-stats-no-buyer-field = 👤 Figures by buyer need to know which postback field holds the buyer (sub_id_1 … sub_id_30 or source): choose it in ⚙️ Settings → 👤 Buyer field.
bot-insights = <b>⚙️ Statistics of "{ $name }"</b>
    🕐 Time zone: { $zone } (it is { $time } there now). Days in statistics and summaries are days there.
    👤 Buyer field: { $buyer }
    🏷 Buyer names: { $names }
    📬 Daily summary: { $summaries }
bot-insights-no-buyer = not chosen
bot-insights-summary-off = off
bot-insights-btn-zone = 🕐 Time zone
bot-insights-btn-buyer = 👤 Buyer field
bot-insights-btn-names = 🏷 Buyer names
bot-insights-btn-summaries = 📬 Daily summaries
bot-insights-btn-summary-on = 📬 Daily summary at { $time }, one tap
bot-zone = <b>🕐 Time zone of "{ $name }"</b>: { $zone }
    "Today" and each day of statistics and summaries start at midnight there. Changing it counts the stored conversions again.
bot-zone-btn-type = ⌨️ Another zone…
bot-zone-saved = ✅ Time zone: { $zone }. The figures are counted again by its days.
bot-buyer-field = <b>👤 Buyer field of "{ $name }"</b>: { $field }
    Which postback field holds the buyer's name or id? Buttons 1–30 are sub_id_1 … sub_id_30.
bot-buyer-field-seen = The last conversion carried:
bot-buyer-field-none = ✖️ None
bot-buyer-field-saved = ✅ The buyer is { $field } now. The figures are counted again.
bot-buyer-field-cleared = ✅ No buyer field: figures are no longer split by buyer.
bot-buyer-names = <b>🏷 Buyer names of "{ $name }"</b> (the value of { $field } → the name shown)
bot-buyer-names-empty = None yet: buyers are shown as their values.
bot-buyer-names-unnamed = Buyers of the last 30 days without a name: { $list }
bot-buyer-names-btn-add = ✏️ Name a buyer
bot-buyer-names-btn-mention = 🔔 Mention a buyer on their deposits
bot-wz-mention-title = <b>🔔 Mentions for "{ $name }"</b>
bot-wz-mention-buyer = Whose deposits should ring someone's phone? Tap a buyer, or send the value as the postbacks carry it, for example <code>buyer7</code>.
bot-wz-mention-who = Who is <b>{ $buyer }</b> in Telegram? Tap an administrator of your group, choose the person with the button below 👇, or send their @username. They must be in the chat to be notified.
bot-wz-mention-nobody = 🚫 Nobody: stop mentioning
bot-wz-mention-regs = Mention them on deposits only, or on registrations too?
bot-wz-mention-deposits = 💰 Deposits only
bot-wz-mention-with-regs = 💰 Deposits and 📝 registrations
bot-wz-pick-person = 👤 Choose the person
bot-wz-pick-person-hint = 👇 This button opens Telegram's list of people.
bot-wz-person-chosen = ✔️ Got it.
bot-bad-username = That is not a Telegram username: letters, digits or _ after @, such as <code>@anna_buyer</code>.
bot-bad-buyer-value = Send the buyer's value, up to 100 characters.
bot-mention-on = ✅ { $buyer }'s deposits will mention them.
bot-mention-on-regs = ✅ { $buyer }'s deposits and registrations will mention them.
bot-mention-off = ✅ { $buyer } is mentioned no more.
bot-summaries = <b>📬 Daily summaries of "{ $name }"</b>
    Every day at the chosen time ({ $zone }), for the day before: totals against the day before, top campaigns, GEO and buyers, and a chart of 14 days. Each chat gets the figures of what it receives.
bot-summary = <b>📬 Daily summary</b> to { $target }: { $state }
    Times are { $zone }. The summary is for the day before, and comes even after a day without conversions.
bot-summary-off = off
bot-summary-btn-type = ⌨️ Another time…
bot-summary-btn-off = 🔕 Turn off
bot-summary-turned-on = ✅ The summary comes every day at { $time } ({ $zone }), for the day before. The first one comes at the next { $time }.
bot-summary-turned-off = ✅ The summary is off.
bot-wz-zone = Send the time zone as an IANA name, like Europe/Berlin or America/New_York.
bot-wz-summary-time = Send the time of day for the summary, like 09:30.
bot-wz-buyer-name = Send the buyer's value and the name to show, like <code>buyer7 = Anna</code>; add their Telegram @username to mention them on their deposits: <code>buyer7 = Anna @anna</code>. <code>buyer7 =</code> takes a name away.
bot-bad-zone = That is not a time zone this server knows. Use an IANA name, like Europe/Kyiv or Asia/Almaty.
bot-bad-time = A time is hours and minutes, like 09:00 or 18:30.
bot-bad-buyer-name = Like this: <code>buyer7 = Anna</code> (the value, "=", then the name).
chart-title = Registrations and first deposits, { $days } days
chart-registrations = Registrations
chart-deposits = First deposits

## Notices to a profile owner.

notice-chat-unreachable = ⚠️ I can no longer post to { $chat }: { $reason }. Notifications for it are kept and will be delivered when I am added back.
notice-topic-missing = ⚠️ Topic { $topic } in { $chat } no longer exists, so notifications go to the chat's main thread. Choose another topic in the bot settings.
notice-topic-rights = ⚠️ A route makes a topic for each buyer in { $chat }, but the bot may not create topics there, so its notifications go to the chat's main thread. Make the bot an administrator with the right to manage topics.

## The bot.

bot-cmd-start = Main menu
bot-cmd-help = How it works
bot-cmd-language = Language of the bot
bot-cmd-cancel = Cancel what you are doing
bot-cmd-connect = Send a profile's conversions to this chat or topic
bot-cmd-stats = Statistics: today, yesterday, 7d, 30d
bot-menu = 👋 <b>Keitaro → Telegram</b>
    Every conversion from your tracker, in this chat or your team's, within seconds.
bot-menu-keitaro = 💚 Keitaro notifications
bot-menu-language = 🌐 Language
bot-menu-help = ❓ Help
bot-back = ⬅️ Back
bot-profiles = <b>💚 Keitaro notifications</b>
    Your integration profiles, one per tracker or team.
bot-profiles-empty = <b>💚 Keitaro notifications</b>
    No profiles yet. Create one to get your postback URL.
bot-profile-new = ➕ New profile
bot-profile = <b>{ $name }</b> — { $state }
    Notifications: { $target }
    Routes: { $routes }
    Language of notifications: { $language }
    Limits: { $rps } { $rpsCount ->
        [one] postback
       *[other] postbacks
    }/s, { $ttlSec ->
        [0] repeats not ignored
       *[other] repeats ignored for { $ttl }
    }
bot-state-on = ✅ on
bot-state-off = ⏸ off
bot-btn-pause = 🔕 Pause or turn off…
bot-btn-resume = ▶️ Resume notifications
bot-state-paused = 🔕 paused until { $until }
bot-state-paused-resume = 🔕 paused until you resume it
bot-route-paused = 🔕 paused
bot-pause-profile = <b>🔕 Quiet "{ $name }" for a while?</b>
    <b>Pause</b>: Keitaro's postbacks are still taken and stored (it gets 200); the notifications wait, and when the pause ends they come as one message ("While paused: …"). Nothing is lost.
    <b>Turn off</b>: the postback URL answers 403 and conversions are not stored at all.
bot-pause-route = <b>🔕 Quiet this route for a while?</b>
    { $name }
    <b>Pause</b>: its conversions are stored and wait; when the pause ends they come as one message. Nothing is lost.
    <b>Turn off</b>: the route is skipped, and its conversions go where the other routes or the profile send them.
bot-btn-pause-hour = 🔕 1 hour
bot-btn-pause-morning = 🔕 Until 09:00
bot-btn-pause-resume = 🔕 Until I resume it
bot-btn-off-profile = ⏸ Turn off (URL answers 403)
bot-btn-off-route = ⏸ Turn the route off
bot-target-private = this private chat
bot-target-chat = chat { $chat }
bot-target-topic = chat { $chat }, topic { $topic }
bot-btn-url = 🔗 Postback URL and setup
bot-btn-where = 📍 Where to send
bot-btn-routes = 🔀 Routes ({ $count })
bot-btn-limits = ⚙️ Limits
bot-btn-rename = ✏️ Rename
bot-btn-rotate = 🔄 New secret
bot-btn-on = ▶️ Turn on
bot-btn-off = ⏸ Turn off
bot-btn-notify-language = 🌐 Notification language
bot-btn-delete = 🗑 Delete
bot-btn-refresh = 🔄 Check again
bot-btn-keitaro-steps = 📖 How to set up Keitaro
bot-url = <b>Postback URL</b> for "{ $name }" (GET, one line):
    <code>{ $get }</code>

    Or POST to <code>{ $post }</code> with the same fields as a form or JSON.

    Paste it into Keitaro: campaign → S2S postbacks (step by step below).
bot-keitaro-steps = <b>📖 How to set up Keitaro for "{ $name }"</b>

    <b>One campaign</b>
    1. Keitaro → Campaigns → open the campaign → the <b>S2S postbacks</b> tab → <b>Add</b>.
    2. URL: paste this line, method <b>GET</b>:
    <code>{ $get }</code>
    3. Statuses: tick <b>lead</b> (registrations), <b>sale</b> (deposits), <b>rebill</b> (repeat deposits), <b>rejected</b> (rejections).
    4. Save the campaign.

    <b>Every campaign of a traffic source</b>
    Traffic sources → open the source → <b>Postback URL</b>: paste the same line. Keitaro sends it for each conversion of that source's campaigns.

    <b>Check</b>
    Press 🧪 Send test in the profile, then make a test conversion in Keitaro (Conversions → Import, or a real click). It arrives within seconds; if not, 🩺 tells why.
bot-rotate-confirm = Issue a new secret for "{ $name }"? The current URL stops working at once, and you will paste the new one into Keitaro.
bot-rotate-yes = 🔄 Yes, new secret
bot-rotated = 🔄 New secret issued: the old URL no longer works.
bot-delete-confirm = Delete "{ $name }" with its routes and history? This cannot be undone.
bot-delete-yes = 🗑 Yes, delete
bot-deleted = "{ $name }" deleted.
bot-not-found = This profile no longer exists or is not yours.
bot-route-not-found = This route no longer exists or is not yours.
bot-stale = This button is from an older screen. Open /start again.
bot-unknown = I answer to buttons and commands: /start opens the menu.
bot-private-only = Open me in a private chat: profile settings contain secrets.
bot-language = Choose the language of the bot.
bot-notify-language = Language of notifications for "{ $name }".
bot-help = <b>How it works</b>
    1. 💚 Keitaro notifications → ➕ New profile.
    2. Copy the postback URL into Keitaro (📖 shows where).
    3. Conversions arrive here: registrations, deposits, repeat deposits, rejections.

    <b>A team chat or a forum topic</b>: add me to the group and send /connect there (inside the topic for a topic), or use 📍 Where to send.
    <b>Different campaigns to different chats</b>: 🔀 Routes.
    <b>Nothing arrives?</b> 🩺 Why no notification? checks the profile, my rights in each chat and the last postbacks.

    /language changes the language, /cancel leaves what you are doing.
bot-cancelled = ✖️ Cancelled: nothing was changed.
bot-nothing-to-cancel = Nothing is in progress.
bot-btn-test = 🧪 Send test
bot-btn-diagnostics = 🩺 Why no notification?
bot-test-sent = 🧪 Test deposit sent to { $target }. Checking that it arrives…
bot-test-ok = ✅ The test arrived in { $target }.
bot-test-off = ⏸ The profile is off, so it takes no conversions, tests included. Turn it on first.
bot-test-held = ❌ The test could not be delivered to { $target }: { $why }. Fix that and it arrives: it is kept.
bot-test-topic = ⚠️ The test arrived in the chat's main thread, not the topic: the topic is gone ({ $target }). Choose the topic again.
bot-test-limit = ⏳ Telegram asked to slow down for { $target }; the test will arrive in a moment.
bot-test-failed = ❌ The test could not be delivered to { $target }: { $reason }
bot-test-slow = ⏳ The test to { $target } has not arrived yet. It is kept and will be retried.
bot-why-person = that is a person's id; notifications go to your own private chat, a group or a channel
bot-why-not-found = Telegram does not know this chat, or I am not in it
bot-why-bot-absent = I am not a member there
bot-why-bot-muted = I am not allowed to write there
bot-why-channel-rights = in a channel I must be an administrator with the right to post
bot-why-not-admin = only its administrators can choose it
bot-why-unreachable = Telegram did not answer
bot-why-kicked = I was removed from there
bot-why-not-member = I am not a member there
bot-why-no-rights = I have no right to post there
bot-why-blocked = the bot is blocked in this private chat
bot-why-other = Telegram refused the message
bot-why-topic-missing = there is no such topic (deleted, or a wrong number): choose the topic again
bot-chat-person = ❌ { $chat } is a person's id. Notifications go to your own private chat, a group or a channel.
bot-chat-not-found = ❌ I cannot see chat { $chat }: add me to it first, then try again.
bot-chat-bot-absent = ❌ I am not a member of { $chat }: add me there, then try again.
bot-chat-bot-muted = ❌ I am not allowed to write in { $chat }: let me send messages there, then try again.
bot-chat-channel-rights = ❌ In the channel { $chat } I must be an administrator with the right to post messages.
bot-chat-not-admin = ❌ Only an administrator of { $chat } can send notifications there, and you are not one.
bot-chat-unreachable = ❌ Telegram did not answer about { $chat }. Try again in a moment.
bot-diag-title = <b>🩺 "{ $name }"</b>
bot-diag-enabled = ✅ The profile is on.
bot-diag-disabled = ⏸ The profile is off: postbacks are refused (403). Turn it on.
bot-diag-chat-ok = ✅ { $target }: I can post there.
bot-diag-chat-bad = ❌ { $target }: { $why }.
bot-diag-topic-dropped = ℹ️ Topic { $topic } of { $chat } was deleted: its notifications now go to the chat's main thread.
bot-diag-last = Last postback: { $ago }.
bot-diag-never = No postback has arrived yet: check the URL in Keitaro and that the campaign's postback is on for these statuses.
bot-diag-rate-limited = ⚠️ { $count } { $count ->
        [one] postback was refused
       *[other] postbacks were refused
    } by the rate limit ({ $rps }/s), the last { $ago }. Keitaro may not resend them: raise the limit in ⚙️ Limits if this is your normal traffic.
bot-diag-waiting = Waiting to be sent: { $count }.
bot-diag-dead = Given up after retries: { $count } (see the reasons below).
bot-diag-events = Last events:
bot-diag-campaign = campaign { $name }
bot-diag-to-default = { " " }→ { $target } (no route matched)
bot-diag-to-route = { " " }→ { $target } (route { $n })
bot-diag-to-old-route = { " " }→ { $target } (a route since deleted)
bot-outcome-sent = delivered
bot-outcome-digested = in a digest
bot-outcome-duplicate = duplicate, not sent again
bot-outcome-pending = waiting
bot-outcome-held = held: the bot cannot post there
bot-outcome-paused = waiting out a 🔕 pause: comes in one message when it ends
bot-outcome-quiet = waiting out 🌙 quiet hours: comes in one message when they end
bot-outcome-dead = failed: { $reason }
bot-ago-seconds = { $n } s ago
bot-ago-minutes = { $n } min ago
bot-ago-hours = { $n } h ago
bot-ago-days = { $n } d ago
duration-days = { $n } { $n ->
        [one] day
       *[other] days
    }
duration-hours = { $n } h
duration-minutes = { $n } min
duration-seconds = { $n } s
bot-connect-done = ✅ Conversions of "{ $name }" will arrive here.
bot-connect-topic-done = ✅ Conversions of "{ $name }" will arrive in this topic.
bot-connect-choose = Which profile should post here?
bot-connect-no-profile = You have no profile yet: open me in a private chat and create one, then send /connect here again.
bot-connect-not-admin = Only an administrator of this chat can connect it.
bot-connect-private = Send /connect in the group (or forum topic) where conversions should arrive, after adding me there.
bot-connect-ask-chat = This chat and the profile "{ $name }": what should I do?
bot-connect-ask-topic = This topic and the profile "{ $name }": what should I do?
bot-connect-to-default = 📍 All the profile's notifications here
bot-connect-to-route = 🔀 Add a route to here
bot-connect-cancel = ✖️ Cancel
bot-connect-not-yours = These buttons are for whoever sent /connect.
bot-connect-route-private = ➡️ The route to here is set up in your private chat with me.
bot-profile-limit = You already have { $max } profiles, the most one person can have: delete one to create another.
bot-route-limit = A profile has at most { $max } routes: delete one to add another.
bot-offer = 👋 You added me to { $chat }. Send a profile's conversions there?
bot-offer-button = "{ $name }" → here
bot-offer-done = ✅ Conversions of "{ $name }" will arrive in { $chat }.
bot-offer-done-forum = ✅ Conversions of "{ $name }" will arrive in { $chat }, in its main thread. For a topic, send /connect inside that topic.
bot-offer-no = ✖️ No
bot-offer-declined = 👌 OK, I won't send anything to { $chat }. If you change your mind, send /connect there.

bot-limits = <b>⚙️ Limits of "{ $name }"</b>
    Rate limit: <b>{ $rps }</b> { $rpsCount ->
        [one] postback
       *[other] postbacks
    } a second; more get HTTP 429 (default 27, about Telegram's own pace).
    Repeats window: <b>{ $ttl }</b>; the same conversion sent again within it is not notified twice (default 1 h).
bot-btn-rps = 🚦 Rate limit
bot-btn-ttl = 🔁 Repeats window

bot-status-registration = registration
bot-status-deposit = deposit
bot-status-rebill = repeat deposit
bot-status-rejected = rejected
bot-status-other = other
bot-route-any = all conversions
bot-route-campaign = campaign { $value }
bot-route-campaign-pattern = campaign ~ /{ $value }/
bot-route-source = source { $value }
bot-route-source-pattern = source ~ /{ $value }/
bot-route-off = ⏸ off
bot-route-topic-per-value = a topic per { $field }
bot-routes = <b>🔀 Routes of "{ $name }"</b>
    Tried from the top; the first that matches takes the conversion.
bot-routes-empty = <b>🔀 Routes of "{ $name }"</b>
    No routes: a route sends some campaigns or sources (and, if you wish, only some statuses or countries) to another chat or topic.
bot-routes-otherwise = Everything else goes to { $target }.
bot-btn-route-add = ➕ Add a route
bot-route = <b>🔀 Route { $position } of { $count }</b>
    { $summary }
    Priority { $priority } (lower goes first).
bot-btn-route-edit = ✏️ Edit
bot-btn-route-match = 🎯 Conversions
bot-btn-route-statuses = 🏷 Statuses
bot-btn-route-geo = 🌍 Countries
bot-btn-route-language = 🗣 Language
bot-btn-route-target = 📍 Where to send
bot-btn-up = ⬆️ Up
bot-btn-down = ⬇️ Down
bot-route-delete-confirm = Delete this route?
    { $summary }
bot-route-deleted = 🗑 Route deleted.

bot-btn-card = 🪪 Card
bot-card-profile = <b>🪪 Card of "{ $name }"</b>
    What each notification shows. Below: a sample deposit as it would come now.
bot-card-route = <b>🪪 Card of route { $position }</b>
    { $summary }
bot-card-own = This route has a card of its own.
bot-card-inherited = This route uses the profile's card; a change here gives it one of its own.
bot-card-layout-full = 📄 Full
bot-card-layout-compact = 📏 One line
bot-card-lines = ✅ shown, ▫️ hidden: tap a line to change it. ➕ More lines below.
bot-card-preview = Preview:
bot-card-inherit = ↩️ Use the profile's card
bot-card-inherit-done = ↩️ This route uses the profile's card again.

bot-wz-cancel = ❌ Cancel
bot-wz-cancelled = ✖️ Cancelled: nothing was changed.
bot-wz-keep = ↩️ Keep: { $value }
bot-wz-next = ➡️ Next
bot-wz-save = ✅ Save
bot-wz-use-buttons = Choose with the buttons below, or send a chat id.
bot-wz-closed = This question is closed: nothing was changed. Answer the one on screen now.
bot-wz-choose-buttons = Please choose with the buttons below.
bot-wz-route-new = <b>➕ New route for "{ $name }"</b>
bot-wz-route-edit = <b>✏️ Route { $n } of "{ $name }"</b>
bot-wz-route-saved = ✅ Route saved.
bot-wz-what-route = a route of "{ $name }"
bot-wz-what-profile = "{ $name }"
bot-wz-match-by = Which conversions does this route take?
bot-wz-by-campaign = 🎯 By campaign
bot-wz-by-source = 📡 By traffic source
bot-wz-by-any = ✳️ All conversions
bot-wz-by-buyer = 👤 Each buyer in their own topic
bot-wz-by-fields = 🔎 By buyer, offer, GEO or another field
bot-wz-topic-rights = ⚠️ The bot may not create topics in that chat yet: make it an administrator with the right to manage topics, or its messages go to the main thread.
bot-wz-not-forum = ⚠️ That chat has no topics: a topic per buyer needs a group with topics turned on (a forum).
bot-wz-campaigns = Send the campaign ids, separated by commas, for example <code>12, 15</code> (Keitaro shows the id next to each campaign). Or a pattern between slashes, for example <code>/^1[0-9]$/</code>.
bot-wz-sources = Send the traffic sources as Keitaro passes them in { "{" }source{ "}" }, separated by commas, for example <code>facebook, tiktok</code>. Or a pattern between slashes, for example <code>/^fb/</code>.
bot-wz-conditions = Send the conditions, one a line; all of them must hold. A field is <code>sub_id_1</code> … <code>sub_id_30</code>, <code>offer_id</code>, <code>landing_id</code>, <code>creative_id</code>, <code>traffic_source_name</code>, <code>country</code>, <code>campaign_id</code> or <code>source</code>; the values are separated by commas, or a pattern goes between slashes. For example:
    <code>sub_id_1 = buyer7, buyer8</code>
    <code>country = UA, KZ</code>
bot-wz-statuses = Which statuses? Tap to choose; with none chosen the route takes every status.
bot-wz-all-statuses = ➡️ Every status
bot-wz-geo = Which countries? Send two-letter codes separated by commas, for example <code>UA, KZ</code>, or take every country.
bot-wz-any-geo = 🌍 Every country
bot-wz-target = Where should these notifications go? Choose below, or add me to a group and send /connect there (inside a forum topic to use that topic).
bot-wz-to-private = 💬 This private chat
bot-wz-pick-group = 👥 Choose a group
bot-wz-pick-channel = 📢 Choose a channel
bot-wz-type-id = 🔢 Type a chat id
bot-wz-pick-hint-g = Choose the group with the button below 👇 (I must be in it, and you must be its administrator).
bot-wz-pick-hint-c = Choose the channel with the button below 👇 (I will be made an administrator who may post).
bot-wz-pick-closed = Closed the chat picker.
bot-wz-chosen = ✅ { $chat } chosen.
bot-wz-chat-id = Send the chat id, for example <code>-1001234567890</code>. A group's id is shown by bots such as @getidsbot, or in the web version's address bar.
bot-wz-topic = { $chat } is a forum. Which topic? Send the topic's link (in the topic: a message → Copy link) or its number, or send /connect inside the topic. Or keep the main thread.
bot-wz-main-thread = 💬 Main thread (General)
bot-wz-topic-missing = { $chat } has no topic { $topic }: check the number or the link.
bot-wz-connect-other-chat = That /connect came from another chat; send it inside a topic of { $chat }.
bot-wz-connected-chat = ✅ This chat is chosen for { $what }. Finish in the private chat with me.
bot-wz-connected-topic = ✅ This topic is chosen for { $what }. Finish in the private chat with me.
bot-wz-priority = Where in the list? Routes are tried from the top. Send a number (lower goes first; now { $first } would be first and { $last } last) or choose:
bot-wz-first = ⬆️ First
bot-wz-last = ⬇️ Last
bot-wz-language = Language of these notifications?
bot-wz-profile-language = As the profile ({ $language })
bot-wz-confirm = Save this route?
    { $summary }
    Priority { $priority }.
bot-wz-target-title = <b>📍 Where "{ $name }" sends notifications</b>
bot-wz-target-saved = ✅ Saved: notifications go there from now on.
bot-wz-field-title = <b>⚙️ "{ $name }"</b>
bot-wz-field-saved = ✅ Saved.
bot-wz-name = Send the new name (up to 64 characters).
bot-wz-rps = Send the rate limit: postbacks a second, from 1 to 1000.
bot-wz-ttl = Send the repeats window: seconds, or with a unit, for example <code>3600</code>, <code>30m</code>, <code>2h</code>, <code>7d</code> (from 0, no dedup, to 7 days).

bot-bad-name-empty = The name must not be empty.
bot-bad-name-long = The name is at most 64 characters.
bot-bad-rps = The rate limit is a whole number from 1 to 1000.
bot-bad-ttl = The repeats window is from 0 to 7 days: a number of seconds, or with a unit: min, h or d, like 30 min.
bot-bad-chat-id = A chat id is a whole number, such as -1001234567890.
bot-bad-chat-id-range = That number is too large to be a chat id.
bot-bad-topic = Send the topic's number or a link to it, such as https://t.me/c/1234567890/7.
bot-bad-topic-chat = That link is to another chat.
bot-bad-priority = The priority is a whole number from -1000000 to 1000000.
bot-bad-geo = Send two-letter country codes separated by commas, such as UA, KZ.
bot-bad-campaigns = Campaign ids are numbers, such as 12 or 12, 15. For anything else use a pattern between slashes.
bot-bad-sources = Send at least one source, such as facebook.
bot-bad-values-long = That is too many values (at most 50, each up to 100 characters): a pattern may be shorter.
bot-bad-condition = A condition is a field, "=" and values, such as <code>sub_id_1 = buyer7</code>; this line is not: { $got }
bot-bad-condition-values = Give { $field } one to 50 values separated by commas (each up to 100 characters), or a pattern between slashes.
bot-bad-conditions-many = At most { $max } conditions in one route.
bot-bad-pattern-empty = The pattern between the slashes is empty.
bot-bad-pattern-long = The pattern is longer than { $max } characters.
bot-bad-pattern-unsafe = That pattern cannot be run safely: backreferences and lookaround are not supported. Simplify it.
bot-bad-pattern-complex = That pattern is too heavy to check on every postback. Use fewer and shorter repetitions.
bot-bad-pattern-repeat = A repetition of { $found } is too many: at most { $max }.
bot-btn-quiet = 🌙 Quiet hours
bot-quiet = <b>🌙 Quiet hours of "{ $name }"</b>
    During quiet hours a chat's notifications wait and come as one message when the hours end; nothing is lost. Times are on the profile's clock: { $zone }, now { $time }.
bot-quiet-off = off
bot-quiet-window = { $from }–{ $to }
bot-quiet-deposits = 💰 deposits come through
bot-quiet-target = <b>🌙 Quiet hours</b> in { $target }: { $state } ({ $zone })
bot-quiet-target-deposits = 💰 Deposits and rebills still come through at once.
bot-quiet-target-everything = Everything waits, deposits too.
bot-quiet-btn-type = ⌨️ Other hours…
bot-quiet-btn-deposits-on = 💰 Deposits still come through: ✅
bot-quiet-btn-deposits-off = 💰 Deposits still come through: ❌
bot-quiet-btn-off = ✖️ Turn quiet hours off
bot-quiet-saved = ✅ Quiet hours in { $target }: { $window } ({ $zone }).
bot-quiet-turned-off = ✅ Quiet hours in { $target } are off.
bot-wz-quiet-hours = Send the quiet hours as two times of day on the profile's clock, like 23:00-08:00.
bot-bad-quiet-hours = Quiet hours are two different times of day, from-to, like 23:00-08:00 or 01:30-07:00.
bot-pause-button-about = <b>🔘 Pause button</b>: notifications in groups carry "🔕 Pause this campaign for 1 h", for the chat's administrators and you. Now: { $state }.
bot-btn-pause-button-on = 🔘 Pause button in groups: turn on
bot-btn-pause-button-off = 🔘 Pause button in groups: turn off
bot-pause-button-state-on = on
bot-pause-button-state-off = off
campaign-pause-btn = 🔕 Pause this campaign for 1 h
campaign-resume-btn = ▶️ Resume
campaign-paused = 🔕 { $user } paused campaign { $campaign } here for 1 h, until { $until } ({ $zone }). Its conversions wait and come as one message after.
campaign-resumed = ▶️ { $user } resumed campaign { $campaign }: what waited comes now.
campaign-pause-ended = ▶️ The pause of campaign { $campaign } is over.
campaign-not-allowed = Only this chat's administrators and the profile's owner can pause its notifications.
campaign-already-paused = Campaign { $campaign } is already paused here until { $until }.
campaign-button-gone = This button no longer works here.

## Keitaro's Admin API: what a connection check found (keitaro/connection-text.ts). Plain text: the CLI prints it too.
keitaro-ok-legacy = ✅ Connected: the key works, and the conversions log speaks the format of Keitaro 10 and earlier (conversion ids).
keitaro-ok-v11 = ✅ Connected: the key works, and the conversions log speaks Keitaro 11's format (events that keep their status history).
keitaro-names-all = Names of offers, landings, traffic sources and campaigns can be read.
keitaro-names-partial = Names can be read only in part: the key's user does not see every one of the { $lists } (their rights in Keitaro are limited). The ones it cannot see show as ids; an administrator's key sees them all.
keitaro-names-none = Names cannot be read: the key's user has no rights to the lists of offers, landings, traffic sources and campaigns. The names the postbacks carry are still shown.
keitaro-list-offers = offers
keitaro-list-landings = landings
keitaro-list-traffic-sources = traffic sources
keitaro-list-campaigns = campaigns
keitaro-bad-url = ❌ That is not a tracker's web address. Give the address you open the Keitaro panel at, such as https://tracker.example.com/admin/.
keitaro-unauthorized = ❌ The tracker refused the key (401): it is wrong or was revoked. Create one in Keitaro under Maintenance → Users → Admin API keys, and copy it whole.
keitaro-payment-required = ❌ This tracker's Keitaro edition has no Admin API (402): it comes with the Expert, Team and Enterprise editions.
keitaro-forbidden = ❌ The key works, but its user lacks the rights to read conversions (403). Give that user access to the conversions log in Keitaro, or use an administrator's key.
keitaro-forbidden-cloudflare = ❌ A firewall in front of the tracker (Cloudflare) blocked the request (403). Allow this server there, or give the panel's address that does not go through Cloudflare.
keitaro-not-keitaro = ❌ { $host } answered, but not as Keitaro's Admin API does: a web page came where data was expected. Give the address you open the Keitaro panel at, such as https://tracker.example.com/admin/ (not a campaign's or a landing's domain).
keitaro-not-keitaro-redirect = ❌ { $host } sends the request on to { $location } instead of answering. Give the panel's final address (often with https://).
keitaro-unreachable-dns = ❌ { $host } cannot be found: check the address.
keitaro-unreachable-refused = ❌ { $host } refuses the connection: check the address and port, and that the tracker is running.
keitaro-unreachable-timeout = ❌ { $host } did not answer in time. Check that this server can reach it (a firewall may stand between), then try again.
keitaro-unreachable-tls = ❌ The secure connection to { $host } failed: its certificate is not valid (expired, self-signed or for another name).
keitaro-unreachable-network = ❌ The connection to { $host } broke off. Try again; if it repeats, check the network between this server and the tracker.
keitaro-bad-request = ❌ The tracker refused the request (400): { $message }
keitaro-rate-limited = ❌ The tracker asks to slow down (429). Try again in a few minutes.
keitaro-server = ❌ The tracker failed with an error of its own ({ $status }). Try again later; if it repeats, look at the tracker's logs.
keitaro-unexpected = ❌ The tracker gave an answer it should not give here ({ $status }): { $message }

## Reconciliation with Keitaro's conversions log
event-recovered = 🛟 From Keitaro's conversions log: its postback never reached us.
event-recovered-change = 🛟 From Keitaro's conversions log: Keitaro changed this { $from } to rejected, and that postback never reached us.
bot-diag-keitaro-offer = 🔌 Connect Keitaro's Admin API (🔌 Keitaro API on the profile) and refused postbacks are recovered from its conversions log within minutes.
bot-diag-keitaro-pending = 🛟 Keitaro's conversions log: connected, not read yet (the first check comes within minutes).
bot-diag-keitaro-ok = 🛟 Keitaro's conversions log read { $ago }: { $seen } { $seen ->
        [one] conversion
       *[other] conversions
    } in the last { $hours } h, { $recovered } recovered that no postback brought.
bot-diag-keitaro-failed = ⚠️ Keitaro's conversions log could not be read { $ago }: { $why }
bot-diag-keitaro-last-ok = Last read that worked: { $ago }.
bot-diag-keitaro-key = the stored key cannot be opened: ENCRYPTION_KEY is missing or not the one it was saved with.

## 🔌 A profile's connection to Keitaro's Admin API, in the bot (bot/keitaro.ts, the keitaro wizard).
bot-btn-keitaro = 🔌 Keitaro API
bot-keitaro = <b>🔌 Keitaro API of "{ $name }"</b>
bot-keitaro-off = Not connected. With the panel's address and an Admin API key, notifications get the real names of offers and landings, and postbacks Keitaro sent that never reached us are recovered.
bot-keitaro-on = Connected to <b>{ $host }</b> since { $since }.
bot-keitaro-log-legacy = 📒 Conversions log: Keitaro 10 and earlier (conversion ids).
bot-keitaro-log-v11 = 📒 Conversions log: Keitaro 11 (events that keep their status history).
bot-keitaro-names-all = 🏷 Names of offers, landings, traffic sources and campaigns: all can be read.
bot-keitaro-names-partial = 🏷 Names: only some can be read, as the key's user does not see every offer, landing, source or campaign.
bot-keitaro-names-none = 🏷 Names: none can be read, as the key's user has no rights to the lists.
bot-keitaro-key-sealed = 🔒 The key is stored encrypted.
bot-keitaro-key-plain = ⚠️ ENCRYPTION_KEY is not set, so the key is stored as given: anyone who can read the database can read it. The README says how to set it.
bot-keitaro-key-plain-older = ⚠️ The key was stored as given, before ENCRYPTION_KEY was set: send it again (🔑 Change key) to store it encrypted.
bot-keitaro-checked-ok = ✅ Last check, { $at }: it works.
bot-keitaro-checked-bad = Last check, { $at }:
    { $problem }
bot-keitaro-btn-connect = 🔌 Connect
bot-keitaro-btn-key = 🔑 Change key
bot-keitaro-btn-url = 🌐 Change address
bot-keitaro-btn-check = 🔄 Check now
bot-keitaro-btn-off = 🗑 Disconnect
bot-keitaro-off-confirm = Disconnect "{ $name }" from Keitaro's Admin API? The stored key is deleted; names and recovered postbacks stop until you connect again.
bot-keitaro-off-yes = 🗑 Yes, disconnect
bot-keitaro-disconnected = 🗑 Disconnected: the stored key is deleted.
bot-keitaro-checking = 🔄 Checking { $host }…
bot-keitaro-key-unopenable = ❌ The stored key cannot be read back: ENCRYPTION_KEY is missing, or is not the one the key was stored with. Set that one back, or send the key again (🔑 Change key).
bot-keitaro-key-shape = ❌ That is not an Admin API key: a key is one line of 8 to 256 letters, digits and signs, without spaces. Copy it again from Keitaro.
bot-keitaro-key-kept = ⚠️ I could not delete your message with the key: delete it yourself (press and hold it → Delete).
bot-wz-keitaro-url = Send the address you open the Keitaro panel at, for example <code>https://tracker.example.com/admin/</code>.
bot-wz-keitaro-key = Send the Admin API key (in Keitaro: Maintenance → Users → Admin API keys). I delete your message with it as soon as I have read it, and never show the key again.
