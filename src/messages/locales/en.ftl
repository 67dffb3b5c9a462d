## Notifications of conversions. Values are inserted already HTML-escaped.

status-registration = 📝 Registration
status-deposit = 💰 Deposit
status-rebill = 🔁 Repeat deposit
status-rejected = ⛔️ Rejected
status-other = ℹ️ { $word }
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

## Digests: one message for many conversions when a chat is flooded.

digest-registration = 📝 Registrations
digest-deposit = 💰 Deposits
digest-rebill = 🔁 Repeat deposits
digest-rejected = ⛔️ Rejected
digest-other = ℹ️ Other
digest-line = { $name }: { $count } in { $minutes } min — { $campaigns }
digest-no-campaign = no campaign
digest-revenue = Revenue: { $sums }
digest-tx = TX: { $ids }
digest-more = and { $count } more

## Notices to a profile owner.

notice-chat-unreachable = ⚠️ I can no longer post to { $chat }: { $reason }. Notifications for it are kept and will be delivered when I am added back.
notice-topic-missing = ⚠️ Topic { $topic } in { $chat } no longer exists, so notifications go to the chat's main thread. Choose another topic in the bot settings.

## The bot.

bot-cmd-start = Main menu
bot-cmd-help = How it works
bot-cmd-language = Language of the bot
bot-cmd-cancel = Cancel what you are doing
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
    Language of notifications: { $language }
    Limits: { $rps } postbacks/s, repeats ignored for { $ttl } s
bot-state-on = ✅ on
bot-state-off = ⏸ off
bot-target-private = this private chat
bot-target-chat = chat { $chat }
bot-target-topic = chat { $chat }, topic { $topic }
bot-btn-url = 🔗 Postback URL and setup
bot-btn-rotate = 🔄 New secret
bot-btn-on = ▶️ Turn on
bot-btn-off = ⏸ Turn off
bot-btn-notify-language = 🌐 Notification language
bot-btn-delete = 🗑 Delete
bot-url = <b>Postback URL</b> for «{ $name }» (GET, one line):
    <code>{ $get }</code>

    Or POST to <code>{ $post }</code> with the same fields as a form or JSON.

    <b>How to set up Keitaro</b>
    1. Campaign → S2S postbacks → Add, paste the URL, method GET.
    2. Tick the statuses: lead, sale, rejected, rebill.
    3. For every campaign of a traffic source: add the same URL to the source's postbacks instead.
    4. Send a test conversion: it arrives here within seconds.
bot-rotate-confirm = Issue a new secret for «{ $name }»? The current URL stops working at once, and you will paste the new one into Keitaro.
bot-rotate-yes = 🔄 Yes, new secret
bot-rotated = 🔄 New secret issued: the old URL no longer works.
bot-delete-confirm = Delete «{ $name }» with its routes and history? This cannot be undone.
bot-delete-yes = 🗑 Yes, delete
bot-deleted = «{ $name }» deleted.
bot-not-found = This profile no longer exists or is not yours.
bot-private-only = Open me in a private chat: profile settings contain secrets.
bot-language = Choose the language of the bot.
bot-notify-language = Language of notifications for «{ $name }».
bot-help = <b>How it works</b>
    1. 💚 Keitaro notifications → ➕ New profile.
    2. Copy the postback URL into Keitaro (the screen shows how).
    3. Conversions arrive here: registrations, deposits, repeat deposits, rejections.
    /language changes the language, /cancel leaves what you are doing.
bot-cancelled = Done: nothing is in progress.
bot-btn-test = 🧪 Send test
bot-btn-diagnostics = 🩺 Why no notification?
bot-test-sent = 🧪 Test deposit sent to { $target }. Checking that it arrives…
bot-test-ok = ✅ The test arrived in { $target }.
bot-test-held = ❌ The test could not be delivered to { $target }: the bot is not there or may not post ({ $reason }). Add the bot back (or give it the right to post) and it arrives.
bot-test-limit = ⏳ Telegram asked to slow down for { $target }; the test will arrive in a moment.
bot-test-failed = ❌ The test could not be delivered to { $target }: { $reason }
bot-test-slow = ⏳ The test to { $target } has not arrived yet ({ $reason }). It is kept and will be retried.
bot-diag-title = <b>🩺 «{ $name }»</b>
bot-diag-enabled = ✅ The profile is on.
bot-diag-disabled = ⏸ The profile is off: postbacks are refused (403). Turn it on.
bot-diag-chat-ok = ✅ { $target }: reachable.
bot-diag-chat-bad = ❌ { $target }: { $reason }
bot-diag-last = Last postback: { $ago }.
bot-diag-never = No postback has arrived yet: check the URL in Keitaro and that the campaign's postback is on for these statuses.
bot-diag-waiting = Waiting to be sent: { $count }.
bot-diag-dead = Given up after retries: { $count } (see the reasons below).
bot-diag-events = Last events:
bot-outcome-sent = delivered
bot-outcome-digested = in a digest
bot-outcome-duplicate = duplicate, not sent again
bot-outcome-pending = waiting
bot-outcome-held = held: the bot cannot post there
bot-outcome-dead = failed: { $reason }
bot-ago-seconds = { $n } s ago
bot-ago-minutes = { $n } min ago
bot-ago-hours = { $n } h ago
bot-ago-days = { $n } d ago
bot-connect-done = ✅ Conversions of «{ $name }» will arrive here.
bot-connect-topic-done = ✅ Conversions of «{ $name }» will arrive in this topic.
bot-connect-choose = Which profile should post here?
bot-connect-no-profile = You have no profile yet: open me in a private chat and create one, then send /connect here again.
bot-connect-not-admin = Only an administrator of this chat can connect it.
bot-connect-private = Send /connect in the group (or forum topic) where conversions should arrive, after adding me there.
bot-profile-limit = You already have { $max } profiles, the most one person can have: delete one to create another.
