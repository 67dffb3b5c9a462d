## Сповіщення про конверсії. Значення підставляються вже екранованими для HTML.

status-registration = 📝 Реєстрація
status-deposit = 💰 Депозит
status-rebill = 🔁 Повторний депозит
status-rejected = ⛔️ Відмова
status-other = ℹ️ { $word }
status-other-empty = ℹ️ Конверсія

label-campaign = Кампанія
label-offer = Офер
label-geo = ГЕО
label-creative = Креатив
label-landing = Лендінг
label-revenue = Дохід
label-reason = Причина
label-sub1 = Sub1
label-source = Джерело
label-original-status = Початковий статус
label-tx = TX

## Зведення: одне повідомлення замість багатьох, коли чат перевантажений.

digest-registration = 📝 Реєстрації
digest-deposit = 💰 Депозити
digest-rebill = 🔁 Повторні депозити
digest-rejected = ⛔️ Відмови
digest-other = ℹ️ Інші
digest-line = { $name }: { $count } за { $minutes } хв — { $campaigns }
digest-no-campaign = без кампанії
digest-revenue = Дохід: { $sums }
digest-tx = TX: { $ids }
digest-more = і ще { $count }

## Сповіщення власнику профілю.

notice-chat-unreachable = ⚠️ Я більше не можу писати в { $chat }: { $reason }. Сповіщення для нього збережені й прийдуть, коли мене додадуть назад.
notice-topic-missing = ⚠️ Топіка { $topic } в { $chat } більше немає, тому сповіщення йдуть в основну гілку чату. Оберіть інший топік у налаштуваннях бота.
