## Сповіщення про конверсії. Значення підставляються вже екранованими для HTML.

status-registration = 📝 Реєстрація
status-deposit = 💰 Депозит
status-rebill = 🔁 Повторний депозит
status-rejected = ⛔️ Відмова
status-other = ℹ️ { $word }
status-test = 🧪 Тест — { $title }
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
label-sub = Sub{ $n }
label-offer-id = ID офера
label-landing-id = ID лендингу
label-campaign-id = ID кампанії
label-creative-id = Креатив

## Зведення: одне повідомлення замість багатьох, коли чат перевантажений.

digest-registration = 📝 Реєстрації
digest-deposit = 💰 Депозити
digest-rebill = 🔁 Повторні депозити
digest-rejected = ⛔️ Відмови
digest-other = ℹ️ Інші
digest-line = { $name }: { $count } за { $minutes } хв — { $campaigns }
digest-line-count = { $name }: { $count } за { $minutes } хв
digest-no-campaign = без кампанії
digest-revenue = Дохід: { $sums }
digest-tx = TX: { $ids }
digest-more = і ще { $count }
funnel-after-registration = ⏱ через { $duration } після реєстрації
funnel-registration-line = → 💰 депозит { $amount }через { $duration }
funnel-rebill = 🔁 { $n }-й депозит, усього { $sums }
funnel-rebill-count = 🔁 { $n }-й депозит
digest-paused = 🔕 Поки була пауза: { $count } { $count ->
    [one] конверсія
    [few] конверсії
   *[many] конверсій
}
digest-quiet = 🌙 За тихі години: { $count } { $count ->
    [one] конверсія
    [few] конверсії
   *[many] конверсій
}

## Підсумки дня і статистика.

summary-title = 📊 <b>Підсумки { $day }</b>
summary-empty = Конверсій за цей день не було.
summary-registrations = 📝 Реєстрації: { $count }
summary-deposits = 💰 Перші депозити: { $count }
summary-rebills = 🔁 Повторні депозити: { $count }
summary-rejections = ⛔️ Відмови: { $count }
summary-other = ℹ️ { $word }: { $count }
summary-revenue = 💵 Дохід: { $sums }
summary-funnel = 🎯 Реєстр → деп: { $rate }% ({ $deposited } з { $registrations })
summary-median = ⏱ Медіана до депозиту: { $duration }
summary-campaigns = Кампанії: { $list }
summary-countries = ГЕО: { $list }
summary-buyers = Баєри: { $list }
summary-entry = { $name } { $deposits }/{ $registrations }
summary-legend = <i>у списках: перші депозити / реєстрації</i>
summary-none = без назви
stats-title-today = 📊 <b>Сьогодні, { $day }</b>
stats-title-yesterday = 📊 <b>Вчора, { $day }</b>
stats-title-days = 📊 <b>{ $days } днів: { $from } – { $to }</b>
bot-stats-not-bound = У цей чат не надходять конверсії жодного профілю. Прив'яжіть його командою /connect.
bot-stats-no-profiles = У вас поки немає профілів: /start → 💚 Keitaro сповіщення → ➕ Новий профіль.
bot-stats-usage = Так: /stats — сьогодні, /stats yesterday — вчора, /stats 7d або /stats 30d.
bot-menu-stats = 📊 Статистика
bot-btn-stats = 📊 Статистика
bot-stats-choose = 📊 Статистика якого профілю?
bot-stats-btn-today = Сьогодні
bot-stats-btn-yesterday = Вчора
bot-stats-btn-7d = 7 днів
bot-stats-btn-30d = 30 днів
bot-stats-btn-day = 📅 По днях
bot-stats-btn-campaign = 📣 Кампанії
bot-stats-btn-country = 🌍 ГЕО
bot-stats-btn-buyer = 👤 Баєри
bot-stats-btn-source = 🚦 Джерела
bot-stats-btn-offer = 🎁 Офери
bot-stats-btn-refresh = 🔄 Оновити
bot-stats-btn-settings = ⚙️ Налаштування
bot-stats-by-day = <b>По днях</b> (📝 реєстрації · 💰 перші депозити · дохід)
bot-stats-by-campaign = <b>По кампаніях</b> (📝 реєстрації · 💰 перші депозити · дохід)
bot-stats-by-country = <b>По ГЕО</b> (📝 реєстрації · 💰 перші депозити · дохід)
bot-stats-by-buyer = <b>По баєрах</b> (📝 реєстрації · 💰 перші депозити · дохід)
bot-stats-by-source = <b>По джерелах</b> (📝 реєстрації · 💰 перші депозити · дохід)
bot-stats-by-offer = <b>По оферах</b> (📝 реєстрації · 💰 перші депозити · дохід)
bot-stats-row = { $n }. { $name } — 📝 { $registrations } · 💰 { $deposits }{ $revenue }
bot-stats-more = …і ще { $count }
bot-stats-nothing = За цей період нічого немає.
bot-stats-no-buyer-field = 👤 Для цифр по баєрах треба знати, в якому полі постбека баєр (sub_id_1 … sub_id_30 або source): оберіть його в ⚙️ Налаштування → 👤 Поле баєра.
bot-insights = <b>⚙️ Статистика «{ $name }»</b>
    🕐 Часовий пояс: { $zone } (там зараз { $time }). Дні в статистиці й підсумках — дні цього поясу.
    👤 Поле баєра: { $buyer }
    🏷 Імена баєрів: { $names }
    📬 Підсумки дня: { $summaries }
bot-insights-no-buyer = не обрано
bot-insights-summary-off = вимкнені
bot-insights-btn-zone = 🕐 Часовий пояс
bot-insights-btn-buyer = 👤 Поле баєра
bot-insights-btn-names = 🏷 Імена баєрів
bot-insights-btn-summaries = 📬 Підсумки дня
bot-insights-btn-summary-on = 📬 Підсумки дня о { $time } — одним натиском
bot-zone = <b>🕐 Часовий пояс «{ $name }»</b>: { $zone }
    «Сьогодні» й кожен день статистики та підсумків починаються опівночі цього поясу. Після зміни поясу збережені конверсії перераховуються.
bot-zone-btn-type = ⌨️ Інший пояс…
bot-zone-saved = ✅ Часовий пояс: { $zone }. Цифри перераховуються за його днями.
bot-buyer-field = <b>👤 Поле баєра «{ $name }»</b>: { $field }
    В якому полі постбека ім'я або номер баєра? Кнопки 1–30 — це sub_id_1 … sub_id_30.
bot-buyer-field-seen = В останній конверсії було:
bot-buyer-field-none = ✖️ Немає
bot-buyer-field-saved = ✅ Баєр тепер у { $field }. Цифри перераховуються.
bot-buyer-field-cleared = ✅ Поле баєра не обрано: цифри більше не діляться за баєрами.
bot-buyer-names = <b>🏷 Імена баєрів «{ $name }»</b> (значення { $field } → ім'я, що показується)
bot-buyer-names-empty = Поки немає: баєри показуються своїми значеннями.
bot-buyer-names-unnamed = Баєри останніх 30 днів без імені: { $list }
bot-buyer-names-btn-add = ✏️ Дати ім'я баєру
bot-buyer-names-btn-mention = 🔔 Згадувати баєра в його депозитах
bot-wz-mention-title = <b>🔔 Згадки для «{ $name }»</b>
bot-wz-mention-buyer = Чиї депозити мають дзвонити на телефон? Натисніть на баєра або надішліть значення, як його передають постбеки, наприклад <code>buyer7</code>.
bot-wz-mention-who = Хто <b>{ $buyer }</b> у Telegram? Натисніть на адміністратора вашої групи, виберіть людину кнопкою нижче 👇 або надішліть її @username. Щоб отримати сповіщення, людина має бути в чаті.
bot-wz-mention-nobody = 🚫 Нікого: більше не згадувати
bot-wz-mention-regs = Згадувати лише в депозитах чи й у реєстраціях?
bot-wz-mention-deposits = 💰 Лише депозити
bot-wz-mention-with-regs = 💰 Депозити і 📝 реєстрації
bot-wz-pick-person = 👤 Вибрати людину
bot-wz-pick-person-hint = 👇 Ця кнопка відкриває список людей у Telegram.
bot-wz-person-chosen = ✔️ Прийнято.
bot-bad-username = Це не ім'я користувача Telegram: після @ латинські літери, цифри або _, наприклад <code>@anna_buyer</code>.
bot-bad-buyer-value = Надішліть значення баєра, до 100 символів.
bot-mention-on = ✅ Депозити { $buyer } будуть його згадувати.
bot-mention-on-regs = ✅ Депозити й реєстрації { $buyer } будуть його згадувати.
bot-mention-off = ✅ { $buyer } більше не згадується.
bot-summaries = <b>📬 Підсумки дня «{ $name }»</b>
    Щодня в обраний час ({ $zone }) — за вчорашній день: підсумки проти позавчора, топ кампаній, ГЕО та баєрів і графік за 14 днів. Кожен чат отримує цифри того, що приходить у нього.
bot-summary = <b>📬 Підсумки дня</b> в { $target }: { $state }
    Час — { $zone }. Підсумки за вчорашній день; приходять і після дня без конверсій.
bot-summary-off = вимкнені
bot-summary-btn-type = ⌨️ Інший час…
bot-summary-btn-off = 🔕 Вимкнути
bot-summary-turned-on = ✅ Підсумки приходитимуть щодня о { $time } ({ $zone }) за вчорашній день. Перші — о найближчій { $time }.
bot-summary-turned-off = ✅ Підсумки вимкнено.
bot-wz-zone = Надішліть часовий пояс у форматі IANA, наприклад Europe/Berlin або America/New_York.
bot-wz-summary-time = Надішліть час для підсумків, наприклад 09:30.
bot-wz-buyer-name = Надішліть значення баєра та ім'я для показу, наприклад <code>buyer7 = Анна</code>; додайте його @username у Telegram, щоб згадувати його на його депозитах: <code>buyer7 = Анна @anna</code>. <code>buyer7 =</code> прибирає ім'я.
bot-bad-zone = Такого часового поясу сервер не знає. Потрібна назва IANA, наприклад Europe/Kyiv або Asia/Almaty.
bot-bad-time = Час — це години й хвилини, наприклад 09:00 або 18:30.
bot-bad-buyer-name = Ось так: <code>buyer7 = Анна</code> (значення, «=», потім ім'я).
chart-title = Реєстрації та перші депозити, { $days } днів
chart-registrations = Реєстрації
chart-deposits = Перші депозити

## Сповіщення власнику профілю.

notice-chat-unreachable = ⚠️ Я більше не можу писати в { $chat }: { $reason }. Сповіщення для нього збережені й прийдуть, коли мене додадуть назад.
notice-topic-missing = ⚠️ Топіка { $topic } в { $chat } більше немає, тому сповіщення йдуть в основний потік чату. Оберіть інший топік у налаштуваннях бота.
notice-topic-rights = ⚠️ Маршрут створює топік для кожного баєра в { $chat }, але бот не може створювати там топіки, тому його сповіщення йдуть в основний потік чату. Зробіть бота адміністратором із правом керувати топіками.

## Бот.

bot-cmd-start = Головне меню
bot-cmd-help = Як це працює
bot-cmd-language = Мова бота
bot-cmd-cancel = Скасувати поточну дію
bot-cmd-connect = Надсилати конверсії профілю в цей чат або топік
bot-cmd-stats = Статистика: сьогодні, вчора, 7d, 30d
bot-menu = 👋 <b>Keitaro → Telegram</b>
    Кожна конверсія з вашого трекера — в цей чат або чат команди, за секунди.
bot-menu-keitaro = 💚 Keitaro сповіщення
bot-menu-language = 🌐 Мова
bot-menu-help = ❓ Допомога
bot-back = ⬅️ Назад
bot-profiles = <b>💚 Keitaro сповіщення</b>
    Ваші профілі інтеграції: по одному на трекер або команду.
bot-profiles-empty = <b>💚 Keitaro сповіщення</b>
    Профілів поки немає. Створіть профіль, щоб отримати URL постбека.
bot-profile-new = ➕ Новий профіль
bot-profile = <b>{ $name }</b> — { $state }
    Сповіщення: { $target }
    Маршрутів: { $routes }
    Мова сповіщень: { $language }
    Ліміти: { $rps } { $rpsCount ->
        [one] постбек
        [few] постбеки
       *[many] постбеків
    }/с, { $ttlSec ->
        [0] повтори не відсіюються
       *[other] повтори ігноруються протягом { $ttl }
    }
bot-state-on = ✅ увімкнено
bot-state-off = ⏸ вимкнено
bot-btn-pause = 🔕 Пауза або вимкнути…
bot-btn-resume = ▶️ Зняти з паузи
bot-state-paused = 🔕 на паузі до { $until }
bot-state-paused-resume = 🔕 на паузі, доки не знімете
bot-route-paused = 🔕 на паузі
bot-pause-profile = <b>🔕 Приглушити «{ $name }» на певний час?</b>
    <b>Пауза</b>: постбеки Keitaro й далі приймаються та зберігаються (відповідь 200); сповіщення чекають, а коли пауза скінчиться, прийдуть одним повідомленням («Поки була пауза: …»). Нічого не губиться.
    <b>Вимкнути</b>: URL постбека відповідає 403, і конверсії не зберігаються взагалі.
bot-pause-route = <b>🔕 Приглушити цей маршрут на певний час?</b>
    { $name }
    <b>Пауза</b>: його конверсії зберігаються й чекають; коли пауза скінчиться, прийдуть одним повідомленням. Нічого не губиться.
    <b>Вимкнути</b>: маршрут пропускається, і його конверсії йдуть туди, куди їх надішлють інші маршрути або профіль.
bot-btn-pause-hour = 🔕 На 1 годину
bot-btn-pause-morning = 🔕 До 09:00
bot-btn-pause-resume = 🔕 Доки не зніму
bot-btn-off-profile = ⏸ Вимкнути (URL відповість 403)
bot-btn-off-route = ⏸ Вимкнути маршрут
bot-target-private = цей особистий чат
bot-target-chat = чат { $chat }
bot-target-topic = чат { $chat }, топік { $topic }
bot-btn-url = 🔗 URL постбека і налаштування
bot-btn-where = 📍 Куди надсилати
bot-btn-routes = 🔀 Маршрути ({ $count })
bot-btn-limits = ⚙️ Ліміти
bot-btn-rename = ✏️ Перейменувати
bot-btn-rotate = 🔄 Новий секрет
bot-btn-on = ▶️ Увімкнути
bot-btn-off = ⏸ Вимкнути
bot-btn-notify-language = 🌐 Мова сповіщень
bot-btn-delete = 🗑 Видалити
bot-btn-refresh = 🔄 Перевірити знову
bot-btn-keitaro-steps = 📖 Як налаштувати Keitaro
bot-url = <b>URL постбека</b> для «{ $name }» (GET, одним рядком):
    <code>{ $get }</code>

    Або POST на <code>{ $post }</code> з тими самими полями у вигляді форми або JSON.

    Вставте його в Keitaro: кампанія → S2S постбеки (покроково — нижче).
bot-keitaro-steps = <b>📖 Як налаштувати Keitaro для «{ $name }»</b>

    <b>Одна кампанія</b>
    1. Keitaro → Кампанії → відкрийте кампанію → вкладка <b>S2S постбеки</b> → <b>Додати</b>.
    2. URL: вставте цей рядок, метод <b>GET</b>:
    <code>{ $get }</code>
    3. Статуси: позначте <b>lead</b> (реєстрації), <b>sale</b> (депозити), <b>rebill</b> (повторні депозити), <b>rejected</b> (відмови).
    4. Збережіть кампанію.

    <b>Усі кампанії джерела трафіку</b>
    Джерела → відкрийте джерело → <b>Postback URL</b>: вставте той самий рядок. Keitaro надішле його для кожної конверсії кампаній цього джерела.

    <b>Перевірка</b>
    Натисніть 🧪 Надіслати тест у профілі, потім зробіть тестову конверсію в Keitaro (Конверсії → Імпорт або реальний клік). Вона прийде за секунди; якщо ні — 🩺 підкаже чому.
bot-rotate-confirm = Випустити новий секрет для «{ $name }»? Поточний URL одразу перестане працювати, новий треба буде вставити в Keitaro.
bot-rotate-yes = 🔄 Так, новий секрет
bot-rotated = 🔄 Новий секрет випущено: старий URL більше не працює.
bot-delete-confirm = Видалити «{ $name }» разом із маршрутами та історією? Це не можна скасувати.
bot-delete-yes = 🗑 Так, видалити
bot-deleted = «{ $name }» видалено.
bot-not-found = Цього профілю більше немає, або він не ваш.
bot-route-not-found = Цього маршруту більше немає, або він не ваш.
bot-stale = Ця кнопка зі старого екрана. Відкрийте /start знову.
bot-unknown = Я розумію кнопки й команди: /start відкриває меню.
bot-private-only = Відкрийте мене в особистому чаті: у налаштуваннях профілю є секрети.
bot-language = Оберіть мову бота.
bot-notify-language = Мова сповіщень для «{ $name }».
bot-help = <b>Як це працює</b>
    1. 💚 Keitaro сповіщення → ➕ Новий профіль.
    2. Скопіюйте URL постбека в Keitaro (📖 показує куди).
    3. Конверсії приходять сюди: реєстрації, депозити, повторні депозити, відмови.

    <b>Чат команди або топік форуму</b>: додайте мене в групу й надішліть там /connect (усередині топіка — для топіка) або оберіть у 📍 Куди надсилати.
    <b>Різні кампанії в різні чати</b>: 🔀 Маршрути.
    <b>Нічого не приходить?</b> 🩺 Чому немає сповіщення? перевірить профіль, мої права в кожному чаті й останні постбеки.

    /language змінює мову, /cancel скасовує поточну дію.
bot-cancelled = ✖️ Скасовано: нічого не змінилося.
bot-nothing-to-cancel = Зараз нічого не виконується.
bot-btn-test = 🧪 Надіслати тест
bot-btn-diagnostics = 🩺 Чому немає сповіщення?
bot-test-sent = 🧪 Тестовий депозит надіслано в { $target }. Перевіряю, що він дійшов…
bot-test-ok = ✅ Тест прийшов у { $target }.
bot-test-off = ⏸ Профіль вимкнено, і він не приймає конверсії, тести теж. Спершу увімкніть його.
bot-test-held = ❌ Тест не доставлено в { $target }: { $why }. Виправте це — і він прийде: тест збережено.
bot-test-topic = ⚠️ Тест прийшов в основний потік чату, а не в топік: топіка більше немає ({ $target }). Оберіть топік знову.
bot-test-limit = ⏳ Telegram попросив зачекати для { $target }; тест прийде за мить.
bot-test-failed = ❌ Тест не доставлено в { $target }: { $reason }
bot-test-slow = ⏳ Тест у { $target } ще не прийшов. Його збережено, і його буде надіслано повторно.
bot-why-person = це id людини; сповіщення приходять у ваш особистий чат, групу або канал
bot-why-not-found = Telegram не знає цей чат, або мене там немає
bot-why-bot-absent = мене там немає
bot-why-bot-muted = мені там не можна писати
bot-why-channel-rights = у каналі я маю бути адміністратором із правом публікації
bot-why-not-admin = обрати його можуть лише адміністратори
bot-why-unreachable = Telegram не відповів
bot-why-kicked = мене звідти видалили
bot-why-not-member = мене там немає
bot-why-no-rights = у мене немає права там писати
bot-why-blocked = бота заблоковано в цьому особистому чаті
bot-why-other = Telegram відхилив повідомлення
bot-why-topic-missing = такого топіка немає (його видалили або номер неправильний): оберіть топік знову
bot-chat-person = ❌ { $chat } — це id людини. Сповіщення приходять у ваш особистий чат, групу або канал.
bot-chat-not-found = ❌ Я не бачу чат { $chat }: спершу додайте мене туди, потім спробуйте знову.
bot-chat-bot-absent = ❌ Мене немає в { $chat }: додайте мене туди й спробуйте знову.
bot-chat-bot-muted = ❌ Мені не можна писати в { $chat }: дозвольте мені надсилати повідомлення й спробуйте знову.
bot-chat-channel-rights = ❌ У каналі { $chat } я маю бути адміністратором із правом публікувати повідомлення.
bot-chat-not-admin = ❌ Обрати { $chat } для сповіщень може лише його адміністратор, а ви ним не є.
bot-chat-unreachable = ❌ Telegram не відповів щодо { $chat }. Спробуйте за хвилину.
bot-diag-title = <b>🩺 «{ $name }»</b>
bot-diag-enabled = ✅ Профіль увімкнено.
bot-diag-disabled = ⏸ Профіль вимкнено: постбеки відхиляються (403). Увімкніть його.
bot-diag-chat-ok = ✅ { $target }: можу туди писати.
bot-diag-chat-bad = ❌ { $target }: { $why }.
bot-diag-topic-dropped = ℹ️ Топік { $topic } чату { $chat } видалено: його сповіщення тепер ідуть в основний потік чату.
bot-diag-last = Останній постбек: { $ago }.
bot-diag-never = Постбеків ще не було: перевірте URL у Keitaro і що постбек кампанії увімкнено для потрібних статусів.
bot-diag-rate-limited = ⚠️ { $count } { $count ->
        [one] постбек відхилено
        [few] постбеки відхилено
       *[many] постбеків відхилено
    } лімітом частоти ({ $rps }/с), останній { $ago }. Keitaro може не надіслати їх знову: підніміть ліміт у ⚙️ Ліміти, якщо це ваш звичайний трафік.
bot-diag-waiting = Чекають надсилання: { $count }.
bot-diag-dead = Не доставлено після повторів: { $count } (причини нижче).
bot-diag-events = Останні події:
bot-diag-campaign = кампанія { $name }
bot-diag-to-default = { " " }→ { $target } (жоден маршрут не підійшов)
bot-diag-to-route = { " " }→ { $target } (маршрут { $n })
bot-diag-to-old-route = { " " }→ { $target } (маршрут, який уже видалено)
bot-outcome-sent = доставлено
bot-outcome-digested = у зведенні
bot-outcome-duplicate = дубль, повторно не надсилався
bot-outcome-pending = чекає надсилання
bot-outcome-held = утримано: бот не може туди писати
bot-outcome-paused = чекає кінця 🔕 паузи: прийде одним повідомленням, коли вона скінчиться
bot-outcome-quiet = чекає кінця 🌙 тихих годин: прийде одним повідомленням, коли вони скінчаться
bot-outcome-dead = помилка: { $reason }
bot-ago-seconds = { $n } с тому
bot-ago-minutes = { $n } хв тому
bot-ago-hours = { $n } год тому
bot-ago-days = { $n } дн тому
duration-days = { $n } { $n ->
        [one] день
        [few] дні
       *[many] днів
    }
duration-hours = { $n } год
duration-minutes = { $n } хв
duration-seconds = { $n } с
bot-connect-done = ✅ Конверсії «{ $name }» надходитимуть сюди.
bot-connect-topic-done = ✅ Конверсії «{ $name }» надходитимуть у цей топік.
bot-connect-choose = Який профіль має писати сюди?
bot-connect-no-profile = У вас ще немає профілю: відкрийте мене в особистому чаті й створіть його, потім знову надішліть /connect тут.
bot-connect-not-admin = Підключити чат може лише його адміністратор.
bot-connect-private = Надішліть /connect у групі (або топіку форуму), куди мають надходити конверсії, після того як додасте мене туди.
bot-connect-ask-chat = Цей чат і профіль «{ $name }»: що зробити?
bot-connect-ask-topic = Цей топік і профіль «{ $name }»: що зробити?
bot-connect-to-default = 📍 Усі сповіщення профілю — сюди
bot-connect-to-route = 🔀 Додати маршрут сюди
bot-connect-cancel = ✖️ Скасувати
bot-connect-not-yours = Ці кнопки — для того, хто надіслав /connect.
bot-connect-route-private = ➡️ Маршрут сюди налаштовується в особистому чаті зі мною.
bot-profile-limit = У вас уже { $max } профілів — це максимум для однієї людини: видаліть один, щоб створити новий.
bot-route-limit = У профілі не більше { $max } маршрутів: видаліть один, щоб додати новий.
bot-offer = 👋 Ви додали мене в { $chat }. Надсилати туди конверсії профілю?
bot-offer-button = «{ $name }» → сюди
bot-offer-done = ✅ Конверсії «{ $name }» надходитимуть у { $chat }.
bot-offer-done-forum = ✅ Конверсії «{ $name }» надходитимуть у { $chat }, в основний потік. Для топіка надішліть /connect усередині цього топіка.
bot-offer-no = ✖️ Ні
bot-offer-declined = 👌 Добре, у { $chat } нічого не надсилаю. Передумаєте — надішліть там /connect.

bot-limits = <b>⚙️ Ліміти «{ $name }»</b>
    Ліміт частоти: <b>{ $rps }</b> { $rpsCount ->
        [one] постбек
        [few] постбеки
       *[many] постбеків
    } за секунду; понад нього — HTTP 429 (за замовчуванням 27, приблизно темп самого Telegram).
    Вікно повторів: <b>{ $ttl }</b>; та сама конверсія, надіслана знову в цьому вікні, не сповіщається двічі (за замовчуванням 1 год).
bot-btn-rps = 🚦 Ліміт частоти
bot-btn-ttl = 🔁 Вікно повторів

bot-status-registration = реєстрація
bot-status-deposit = депозит
bot-status-rebill = повторний депозит
bot-status-rejected = відмова
bot-status-other = інше
bot-route-any = усі конверсії
bot-route-campaign = кампанія { $value }
bot-route-campaign-pattern = кампанія ~ /{ $value }/
bot-route-source = джерело { $value }
bot-route-source-pattern = джерело ~ /{ $value }/
bot-route-off = ⏸ вимкнено
bot-route-topic-per-value = топік на кожне { $field }
bot-routes = <b>🔀 Маршрути «{ $name }»</b>
    Перевіряються згори донизу; конверсію забирає перший, що підходить.
bot-routes-empty = <b>🔀 Маршрути «{ $name }»</b>
    Маршрутів немає: маршрут надсилає частину кампаній або джерел (і за бажанням лише деякі статуси чи країни) в інший чат або топік.
bot-routes-otherwise = Усе інше — в { $target }.
bot-btn-route-add = ➕ Додати маршрут
bot-route = <b>🔀 Маршрут { $position } з { $count }</b>
    { $summary }
    Пріоритет { $priority } (менший — раніше).
bot-btn-route-edit = ✏️ Змінити
bot-btn-route-match = 🎯 Конверсії
bot-btn-route-statuses = 🏷 Статуси
bot-btn-route-geo = 🌍 Країни
bot-btn-route-language = 🗣 Мова
bot-btn-route-target = 📍 Куди надсилати
bot-btn-up = ⬆️ Вище
bot-btn-down = ⬇️ Нижче
bot-route-delete-confirm = Видалити цей маршрут?
    { $summary }
bot-route-deleted = 🗑 Маршрут видалено.

bot-btn-card = 🪪 Картка
bot-card-profile = <b>🪪 Картка «{ $name }»</b>
    Що показує кожне сповіщення. Нижче — приклад депозиту, яким він прийде зараз.
bot-card-route = <b>🪪 Картка маршруту { $position }</b>
    { $summary }
bot-card-own = У цього маршруту своя картка.
bot-card-inherited = Цей маршрут бере картку профілю; зміна тут дасть йому власну.
bot-card-layout-full = 📄 Повна
bot-card-layout-compact = 📏 В один рядок
bot-card-lines = ✅ показано, ▫️ приховано: натисніть на рядок, щоб змінити. ➕ Ще рядки — нижче.
bot-card-preview = Приклад:
bot-card-inherit = ↩️ Як у профілю
bot-card-inherit-done = ↩️ Маршрут знову бере картку профілю.

bot-wz-cancel = ❌ Скасувати
bot-wz-cancelled = ✖️ Скасовано: нічого не змінилося.
bot-wz-keep = ↩️ Залишити: { $value }
bot-wz-next = ➡️ Далі
bot-wz-save = ✅ Зберегти
bot-wz-use-buttons = Оберіть кнопкою нижче або надішліть id чату.
bot-wz-closed = Це питання вже закрите: нічого не змінилося. Дайте відповідь на те, що на екрані зараз.
bot-wz-choose-buttons = Будь ласка, оберіть кнопкою нижче.
bot-wz-route-new = <b>➕ Новий маршрут для «{ $name }»</b>
bot-wz-route-edit = <b>✏️ Маршрут { $n } профілю «{ $name }»</b>
bot-wz-route-saved = ✅ Маршрут збережено.
bot-wz-what-route = маршруту профілю «{ $name }»
bot-wz-what-profile = «{ $name }»
bot-wz-match-by = Які конверсії забирає цей маршрут?
bot-wz-by-campaign = 🎯 За кампанією
bot-wz-by-source = 📡 За джерелом трафіку
bot-wz-by-any = ✳️ Усі конверсії
bot-wz-by-buyer = 👤 Кожен баєр — у свій топік
bot-wz-by-fields = 🔎 За баєром, офером, GEO чи іншим полем
bot-wz-topic-rights = ⚠️ Бот поки не може створювати топіки в цьому чаті: зробіть його адміністратором із правом керувати топіками, інакше повідомлення підуть в основний потік.
bot-wz-not-forum = ⚠️ У цьому чаті немає топіків: для топіка на кожного баєра потрібна група з увімкненими темами (форум).
bot-wz-campaigns = Надішліть id кампаній через кому, наприклад <code>12, 15</code> (Keitaro показує id поруч із кожною кампанією). Або шаблон між слешами, наприклад <code>/^1[0-9]$/</code>.
bot-wz-sources = Надішліть джерела трафіку так, як Keitaro передає їх у { "{" }source{ "}" }, через кому, наприклад <code>facebook, tiktok</code>. Або шаблон між слешами, наприклад <code>/^fb/</code>.
bot-wz-conditions = Надішліть умови, по одній у рядку; виконуватися мають усі. Поле — це <code>sub_id_1</code> … <code>sub_id_30</code>, <code>offer_id</code>, <code>landing_id</code>, <code>creative_id</code>, <code>traffic_source_name</code>, <code>country</code>, <code>campaign_id</code> або <code>source</code>; значення через кому або шаблон між скісними рисками. Наприклад:
    <code>sub_id_1 = buyer7, buyer8</code>
    <code>country = UA, KZ</code>
bot-wz-statuses = Які статуси? Натисніть, щоб обрати; якщо не обрано жодного, маршрут бере всі статуси.
bot-wz-all-statuses = ➡️ Усі статуси
bot-wz-geo = Які країни? Надішліть двобуквені коди через кому, наприклад <code>UA, KZ</code>, або оберіть усі країни.
bot-wz-any-geo = 🌍 Усі країни
bot-wz-target = Куди надсилати ці сповіщення? Оберіть нижче або додайте мене в групу й надішліть там /connect (усередині топіка форуму — щоб обрати топік).
bot-wz-to-private = 💬 Цей особистий чат
bot-wz-pick-group = 👥 Обрати групу
bot-wz-pick-channel = 📢 Обрати канал
bot-wz-type-id = 🔢 Ввести id чату
bot-wz-pick-hint-g = Оберіть групу кнопкою нижче 👇 (я маю бути в ній, а ви — її адміністратором).
bot-wz-pick-hint-c = Оберіть канал кнопкою нижче 👇 (я стану адміністратором із правом публікації).
bot-wz-pick-closed = Вибір чату закрито.
bot-wz-chosen = ✅ Обрано { $chat }.
bot-wz-chat-id = Надішліть id чату, наприклад <code>-1001234567890</code>. Id групи показують боти на кшталт @getidsbot або адресний рядок веб-версії.
bot-wz-topic = { $chat } — форум. Який топік? Надішліть посилання на топік (у топіку: повідомлення → Копіювати посилання) або його номер, або надішліть /connect усередині топіка. Або залиште основний потік.
bot-wz-main-thread = 💬 Основний потік (General)
bot-wz-topic-missing = У { $chat } немає топіка { $topic }: перевірте номер або посилання.
bot-wz-connect-other-chat = Цей /connect прийшов з іншого чату; надішліть його всередині топіка { $chat }.
bot-wz-connected-chat = ✅ Цей чат обрано для { $what }. Завершіть налаштування в особистому чаті зі мною.
bot-wz-connected-topic = ✅ Цей топік обрано для { $what }. Завершіть налаштування в особистому чаті зі мною.
bot-wz-priority = Яке місце в списку? Маршрути перевіряються згори. Надішліть число (менше — раніше; зараз { $first } буде першим, { $last } — останнім) або оберіть:
bot-wz-first = ⬆️ Першим
bot-wz-last = ⬇️ Останнім
bot-wz-language = Мова цих сповіщень?
bot-wz-profile-language = Як у профілі ({ $language })
bot-wz-confirm = Зберегти маршрут?
    { $summary }
    Пріоритет { $priority }.
bot-wz-target-title = <b>📍 Куди «{ $name }» надсилає сповіщення</b>
bot-wz-target-saved = ✅ Збережено: сповіщення тепер надходять туди.
bot-wz-field-title = <b>⚙️ «{ $name }»</b>
bot-wz-field-saved = ✅ Збережено.
bot-wz-name = Надішліть нову назву (до 64 символів).
bot-wz-rps = Надішліть ліміт частоти: постбеків за секунду, від 1 до 1000.
bot-wz-ttl = Надішліть вікно повторів: секунди або з одиницею, наприклад <code>3600</code>, <code>30 хв</code>, <code>2 год</code>, <code>7 днів</code> (від 0 — без дедуплікації — до 7 днів).

bot-bad-name-empty = Назва не може бути порожньою.
bot-bad-name-long = Назва — не довша за 64 символи.
bot-bad-rps = Ліміт частоти — ціле число від 1 до 1000.
bot-bad-ttl = Вікно повторів — від 0 до 7 днів: число секунд або з одиницею: хв, год, дн, наприклад 30 хв.
bot-bad-chat-id = Id чату — ціле число, наприклад -1001234567890.
bot-bad-chat-id-range = Це число завелике для id чату.
bot-bad-topic = Надішліть номер топіка або посилання на нього, наприклад https://t.me/c/1234567890/7.
bot-bad-topic-chat = Це посилання веде в інший чат.
bot-bad-priority = Пріоритет — ціле число від -1000000 до 1000000.
bot-bad-geo = Надішліть двобуквені коди країн через кому, наприклад UA, KZ.
bot-bad-campaigns = Id кампаній — числа, наприклад 12 або 12, 15. Для решти використайте шаблон між слешами.
bot-bad-sources = Надішліть хоча б одне джерело, наприклад facebook.
bot-bad-values-long = Забагато значень (не більше 50, кожне до 100 символів): шаблон може бути коротшим.
bot-bad-condition = Умова — це поле, «=» і значення, наприклад <code>sub_id_1 = buyer7</code>; цей рядок не такий: { $got }
bot-bad-condition-values = Вкажіть для { $field } від одного до 50 значень через кому (кожне до 100 символів) або шаблон між скісними рисками.
bot-bad-conditions-many = В одному маршруті не більше { $max } умов.
bot-bad-pattern-empty = Між слешами порожньо.
bot-bad-pattern-long = Шаблон довший за { $max } символів.
bot-bad-pattern-unsafe = Цей шаблон не можна виконати безпечно: зворотні посилання й lookaround не підтримуються. Спростіть його.
bot-bad-pattern-complex = Цей шаблон надто важкий, щоб перевіряти його на кожному постбеку. Зробіть повтори коротшими й рідшими.
bot-bad-pattern-repeat = Повтор { $found } разів — забагато: не більше { $max }.
bot-btn-quiet = 🌙 Тихі години
bot-quiet = <b>🌙 Тихі години «{ $name }»</b>
    У тихі години сповіщення чату чекають і приходять одним повідомленням, коли години скінчаться; нічого не губиться. Час — за годинником профілю: { $zone }, зараз { $time }.
bot-quiet-off = вимкнені
bot-quiet-window = { $from }–{ $to }
bot-quiet-deposits = 💰 депозити приходять
bot-quiet-target = <b>🌙 Тихі години</b> в { $target }: { $state } ({ $zone })
bot-quiet-target-deposits = 💰 Депозити й повторні депозити приходять одразу.
bot-quiet-target-everything = Чекає все, депозити теж.
bot-quiet-btn-type = ⌨️ Інші години…
bot-quiet-btn-deposits-on = 💰 Депозити все одно приходять: ✅
bot-quiet-btn-deposits-off = 💰 Депозити все одно приходять: ❌
bot-quiet-btn-off = ✖️ Вимкнути тихі години
bot-quiet-saved = ✅ Тихі години в { $target }: { $window } ({ $zone }).
bot-quiet-turned-off = ✅ Тихі години в { $target } вимкнено.
bot-wz-quiet-hours = Надішліть тихі години — два часи за годинником профілю, наприклад 23:00-08:00.
bot-bad-quiet-hours = Тихі години — це два різні часи «з-до», наприклад 23:00-08:00 або 01:30-07:00.
bot-pause-button-about = <b>🔘 Кнопка паузи</b>: під сповіщеннями в групах — «🔕 Пауза кампанії на 1 год» для адміністраторів чату та для вас. Зараз: { $state }.
bot-btn-pause-button-on = 🔘 Кнопка паузи в групах: увімкнути
bot-btn-pause-button-off = 🔘 Кнопка паузи в групах: вимкнути
bot-pause-button-state-on = увімкнена
bot-pause-button-state-off = вимкнена
campaign-pause-btn = 🔕 Пауза кампанії на 1 год
campaign-resume-btn = ▶️ Зняти паузу
campaign-paused = 🔕 { $user } поставив(ла) кампанію { $campaign } тут на паузу на 1 год, до { $until } ({ $zone }). Її конверсії зачекають і прийдуть одним повідомленням.
campaign-resumed = ▶️ { $user } зняв(ла) паузу з кампанії { $campaign }: те, що чекало, приходить зараз.
campaign-pause-ended = ▶️ Пауза кампанії { $campaign } скінчилася.
campaign-not-allowed = Ставити сповіщення на паузу можуть лише адміністратори цього чату й власник профілю.
campaign-already-paused = Кампанія { $campaign } тут уже на паузі до { $until }.
campaign-button-gone = Ця кнопка тут більше не працює.

## Admin API Keitaro: що показала перевірка підключення (keitaro/connection-text.ts). Простий текст: його друкує і CLI.
keitaro-ok-legacy = ✅ Підключено: ключ працює, журнал конверсій у форматі Keitaro 10 і старіших (id конверсій).
keitaro-ok-v11 = ✅ Підключено: ключ працює, журнал конверсій у форматі Keitaro 11 (події з історією статусів).
keitaro-names-all = Назви офферів, лендингів, джерел трафіку та кампаній доступні.
keitaro-names-partial = Назви доступні не всі: користувач ключа бачить не всі { $lists } (його права в Keitaro обмежені). Невидимі буде показано номерами; ключ адміністратора бачить усі.
keitaro-names-none = Назви недоступні: користувач ключа не має прав на списки офферів, лендингів, джерел і кампаній. Назви з постбеків і далі показуються.
keitaro-list-offers = оффери
keitaro-list-landings = лендинги
keitaro-list-traffic-sources = джерела трафіку
keitaro-list-campaigns = кампанії
keitaro-bad-url = ❌ Це не адреса трекера. Вкажіть адресу, за якою відкриваєте панель Keitaro, наприклад https://tracker.example.com/admin/.
keitaro-unauthorized = ❌ Трекер не прийняв ключ (401): він неправильний або відкликаний. Створіть ключ у Keitaro (Maintenance → Users → Admin API keys) і скопіюйте його повністю.
keitaro-payment-required = ❌ У цій редакції Keitaro немає Admin API (402): він є в редакціях Expert, Team і Enterprise.
keitaro-forbidden = ❌ Ключ працює, але його користувач не має прав читати конверсії (403). Дайте цьому користувачу доступ до журналу конверсій у Keitaro або використайте ключ адміністратора.
keitaro-forbidden-cloudflare = ❌ Запит заблокував файрвол перед трекером (Cloudflare, 403). Дозвольте там цей сервер або вкажіть адресу панелі не через Cloudflare.
keitaro-not-keitaro = ❌ { $host } відповів, але не так, як Admin API Keitaro: замість даних прийшла вебсторінка. Вкажіть адресу, за якою відкриваєте панель Keitaro, наприклад https://tracker.example.com/admin/ (не домен кампанії чи лендингу).
keitaro-not-keitaro-redirect = ❌ { $host } не відповідає, а перенаправляє запит на { $location }. Вкажіть кінцеву адресу панелі (часто з https://).
keitaro-unreachable-dns = ❌ { $host } не знайдено: перевірте адресу.
keitaro-unreachable-refused = ❌ { $host } відхиляє з'єднання: перевірте адресу й порт і що трекер запущено.
keitaro-unreachable-timeout = ❌ { $host } не відповів вчасно. Перевірте, що цей сервер може до нього дістатися (можливо, заважає файрвол), і повторіть.
keitaro-unreachable-tls = ❌ Не вдалося встановити захищене з'єднання з { $host }: його сертифікат недійсний (прострочений, самопідписаний або виданий на інше ім'я).
keitaro-unreachable-network = ❌ З'єднання з { $host } обірвалося. Повторіть; якщо повториться — перевірте мережу між цим сервером і трекером.
keitaro-bad-request = ❌ Трекер відхилив запит (400): { $message }
keitaro-rate-limited = ❌ Трекер просить зменшити частоту запитів (429). Повторіть за кілька хвилин.
keitaro-server = ❌ У трекері сталася помилка ({ $status }). Повторіть пізніше; якщо повториться — перегляньте логи трекера.
keitaro-unexpected = ❌ Трекер дав відповідь, якої тут бути не повинно ({ $status }): { $message }

## Звірка з журналом конверсій Keitaro
event-recovered = 🛟 З журналу конверсій Keitaro: постбек до нас не дійшов.
event-recovered-change = 🛟 З журналу конверсій Keitaro: Keitaro відхилив цю конверсію ({ $from }), а постбек про це до нас не дійшов.
bot-diag-keitaro-offer = 🔌 Підключіть Admin API Keitaro (🔌 Keitaro API у профілі) — і відхилені постбеки буде відновлено з журналу конверсій за кілька хвилин.
bot-diag-keitaro-pending = 🛟 Журнал конверсій Keitaro: підключено, ще не прочитано (перша звірка — протягом кількох хвилин).
bot-diag-keitaro-ok = 🛟 Журнал конверсій Keitaro прочитано { $ago }: { $seen } { $seen ->
        [one] конверсія
        [few] конверсії
       *[other] конверсій
    } за { $hours } год, відновлено без постбека: { $recovered }.
bot-diag-keitaro-failed = ⚠️ Журнал конверсій Keitaro не вдалося прочитати { $ago }: { $why }
bot-diag-keitaro-last-ok = Останнє вдале читання: { $ago }.
bot-diag-keitaro-key = збережений ключ не відкрити: ENCRYPTION_KEY не задано або не той, з яким ключ зберігали.

## 🔌 Підключення профілю до Admin API Keitaro в боті (bot/keitaro.ts, майстер keitaro).
bot-btn-keitaro = 🔌 API Keitaro
bot-keitaro = <b>🔌 API Keitaro для «{ $name }»</b>
bot-keitaro-off = Не підключено. З адресою панелі та ключем Admin API у сповіщеннях будуть справжні назви офферів і лендингів, а постбеки, які Keitaro надіслав, але до нас не дійшли, буде відновлено.
bot-keitaro-on = Підключено до <b>{ $host }</b> з { $since }.
bot-keitaro-log-legacy = 📒 Журнал конверсій: Keitaro 10 і старіші (id конверсій).
bot-keitaro-log-v11 = 📒 Журнал конверсій: Keitaro 11 (події з історією статусів).
bot-keitaro-names-all = 🏷 Назви офферів, лендингів, джерел трафіку та кампаній: доступні всі.
bot-keitaro-names-partial = 🏷 Назви: доступні не всі — користувач ключа бачить не всі оффери, лендинги, джерела чи кампанії.
bot-keitaro-names-none = 🏷 Назви: недоступні — користувач ключа не має прав на списки.
bot-keitaro-key-sealed = 🔒 Ключ зберігається зашифрованим.
bot-keitaro-key-plain = ⚠️ ENCRYPTION_KEY не задано, тому ключ зберігається як є: його може прочитати будь-хто, хто може читати базу даних. Як задати ENCRYPTION_KEY, написано в README.
bot-keitaro-key-plain-older = ⚠️ Ключ збережено як є, до того як задали ENCRYPTION_KEY: надішліть його ще раз (🔑 Змінити ключ), щоб він зберігався зашифрованим.
bot-keitaro-checked-ok = ✅ Остання перевірка, { $at }: усе працює.
bot-keitaro-checked-bad = Остання перевірка, { $at }:
    { $problem }
bot-keitaro-btn-connect = 🔌 Підключити
bot-keitaro-btn-key = 🔑 Змінити ключ
bot-keitaro-btn-url = 🌐 Змінити адресу
bot-keitaro-btn-check = 🔄 Перевірити зараз
bot-keitaro-btn-off = 🗑 Відключити
bot-keitaro-off-confirm = Відключити «{ $name }» від Admin API Keitaro? Збережений ключ буде видалено; назви й відновлення постбеків зупиняться, доки ви не підключите знову.
bot-keitaro-off-yes = 🗑 Так, відключити
bot-keitaro-disconnected = 🗑 Відключено: збережений ключ видалено.
bot-keitaro-checking = 🔄 Перевіряю { $host }…
bot-keitaro-key-unopenable = ❌ Збережений ключ не вдається прочитати: ENCRYPTION_KEY не задано або не той, з яким ключ зберігали. Поверніть той ENCRYPTION_KEY або надішліть ключ заново (🔑 Змінити ключ).
bot-keitaro-key-shape = ❌ Це не ключ Admin API: ключ — один рядок із 8–256 літер, цифр і знаків, без пробілів. Скопіюйте його з Keitaro ще раз.
bot-keitaro-key-kept = ⚠️ Не вдалося видалити ваше повідомлення з ключем: видаліть його самі (натисніть і утримуйте → Видалити).
bot-wz-keitaro-url = Надішліть адресу, за якою відкриваєте панель Keitaro, наприклад <code>https://tracker.example.com/admin/</code>.
bot-wz-keitaro-key = Надішліть ключ Admin API (у Keitaro: Maintenance → Users → Admin API keys). Я видалю ваше повідомлення з ним, щойно прочитаю, і більше ніколи не покажу ключ.
