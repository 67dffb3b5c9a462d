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
