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

## Бот.

bot-cmd-start = Головне меню
bot-cmd-help = Як це працює
bot-cmd-language = Мова бота
bot-cmd-cancel = Скасувати поточну дію
bot-menu = 👋 <b>Keitaro → Telegram</b>
    Кожна конверсія з вашого трекера — у цей чат або чат команди, за секунди.
bot-menu-keitaro = 💚 Keitaro сповіщення
bot-menu-language = 🌐 Мова
bot-menu-help = ❓ Допомога
bot-back = ⬅️ Назад
bot-profiles = <b>💚 Keitaro сповіщення</b>
    Ваші профілі інтеграції: по одному на трекер або команду.
bot-profiles-empty = <b>💚 Keitaro сповіщення</b>
    Профілів ще немає. Створіть профіль, щоб отримати URL постбека.
bot-profile-new = ➕ Новий профіль
bot-profile = <b>{ $name }</b> — { $state }
    Сповіщення: { $target }
    Мова сповіщень: { $language }
    Ліміти: { $rps } постбеків/с, повтори ігноруються { $ttl } с
bot-state-on = ✅ увімкнено
bot-state-off = ⏸ вимкнено
bot-target-private = цей особистий чат
bot-target-chat = чат { $chat }
bot-target-topic = чат { $chat }, топік { $topic }
bot-btn-url = 🔗 URL постбека і налаштування
bot-btn-rotate = 🔄 Новий секрет
bot-btn-on = ▶️ Увімкнути
bot-btn-off = ⏸ Вимкнути
bot-btn-notify-language = 🌐 Мова сповіщень
bot-btn-delete = 🗑 Видалити
bot-url = <b>URL постбека</b> для «{ $name }» (GET, одним рядком):
    <code>{ $get }</code>

    Або POST на <code>{ $post }</code> з тими самими полями у вигляді форми або JSON.

    <b>Як налаштувати Keitaro</b>
    1. Кампанія → S2S постбеки → Додати, вставте URL, метод GET.
    2. Позначте статуси: lead, sale, rejected, rebill.
    3. Для всіх кампаній джерела трафіку додайте той самий URL у постбеки джерела.
    4. Надішліть тестову конверсію: вона прийде сюди за секунди.
bot-rotate-confirm = Випустити новий секрет для «{ $name }»? Поточний URL одразу перестане працювати, новий треба буде вставити в Keitaro.
bot-rotate-yes = 🔄 Так, новий секрет
bot-rotated = 🔄 Новий секрет випущено: старий URL більше не працює.
bot-delete-confirm = Видалити «{ $name }» разом із маршрутами та історією? Це не можна скасувати.
bot-delete-yes = 🗑 Так, видалити
bot-deleted = «{ $name }» видалено.
bot-not-found = Цього профілю більше немає, або він не ваш.
bot-private-only = Відкрийте мене в особистому чаті: у налаштуваннях профілю є секрети.
bot-language = Оберіть мову бота.
bot-notify-language = Мова сповіщень для «{ $name }».
bot-help = <b>Як це працює</b>
    1. 💚 Keitaro сповіщення → ➕ Новий профіль.
    2. Скопіюйте URL постбека в Keitaro (на екрані показано як).
    3. Конверсії приходять сюди: реєстрації, депозити, повторні депозити, відмови.
    /language змінює мову, /cancel скасовує поточну дію.
bot-cancelled = Готово: нічого не виконується.
bot-btn-test = 🧪 Надіслати тест
bot-btn-diagnostics = 🩺 Чому немає сповіщення?
bot-test-sent = 🧪 Тестовий депозит надіслано в { $target }. Перевіряю, що він дійшов…
bot-test-ok = ✅ Тест прийшов у { $target }.
bot-test-held = ❌ Тест не доставлено в { $target }: бота там немає або йому не можна писати ({ $reason }). Додайте бота назад (або дайте право писати) — і він прийде.
bot-test-limit = ⏳ Telegram попросив зачекати для { $target }; тест прийде за мить.
bot-test-failed = ❌ Тест не доставлено в { $target }: { $reason }
bot-test-slow = ⏳ Тест у { $target } ще не прийшов ({ $reason }). Його збережено, буде повторна спроба.
bot-diag-title = <b>🩺 «{ $name }»</b>
bot-diag-enabled = ✅ Профіль увімкнено.
bot-diag-disabled = ⏸ Профіль вимкнено: постбеки відхиляються (403). Увімкніть його.
bot-diag-chat-ok = ✅ { $target }: доступний.
bot-diag-chat-bad = ❌ { $target }: { $reason }
bot-diag-last = Останній постбек: { $ago }.
bot-diag-never = Постбеків ще не було: перевірте URL у Keitaro і що постбек кампанії увімкнено для потрібних статусів.
bot-diag-waiting = Чекають надсилання: { $count }.
bot-diag-dead = Не доставлено після повторів: { $count } (причини нижче).
bot-diag-events = Останні події:
bot-outcome-sent = доставлено
bot-outcome-digested = у зведенні
bot-outcome-duplicate = дубль, повторно не надсилався
bot-outcome-pending = чекає надсилання
bot-outcome-held = утримано: бот не може туди писати
bot-outcome-dead = помилка: { $reason }
bot-ago-seconds = { $n } с тому
bot-ago-minutes = { $n } хв тому
bot-ago-hours = { $n } год тому
bot-ago-days = { $n } дн тому
bot-connect-done = ✅ Конверсії «{ $name }» надходитимуть сюди.
bot-connect-topic-done = ✅ Конверсії «{ $name }» надходитимуть у цей топік.
bot-connect-choose = Який профіль має писати сюди?
bot-connect-no-profile = У вас ще немає профілю: відкрийте мене в особистому чаті й створіть його, потім знову надішліть /connect тут.
bot-connect-not-admin = Підключити чат може лише його адміністратор.
bot-connect-private = Надішліть /connect у групі (або топіку форуму), куди мають надходити конверсії, після того як додасте мене туди.
bot-profile-limit = У вас уже { $max } профілів — це максимум для однієї людини: видаліть один, щоб створити новий.
