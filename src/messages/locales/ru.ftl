## Уведомления о конверсиях. Значения подставляются уже экранированными для HTML.

status-registration = 📝 Регистрация
status-deposit = 💰 Депозит
status-rebill = 🔁 Повторный депозит
status-rejected = ⛔️ Отказ
status-other = ℹ️ { $word }
status-test = 🧪 Тест — { $title }
status-other-empty = ℹ️ Конверсия

label-campaign = Кампания
label-offer = Оффер
label-geo = ГЕО
label-creative = Креатив
label-landing = Лендинг
label-revenue = Доход
label-reason = Причина
label-sub1 = Sub1
label-source = Источник
label-original-status = Исходный статус
label-tx = TX
label-sub = Sub{ $n }
label-offer-id = ID оффера
label-landing-id = ID лендинга
label-campaign-id = ID кампании
label-creative-id = Креатив

## Сводки: одно сообщение вместо многих, когда чат перегружен.

digest-registration = 📝 Регистрации
digest-deposit = 💰 Депозиты
digest-rebill = 🔁 Повторные депозиты
digest-rejected = ⛔️ Отказы
digest-other = ℹ️ Другие
digest-line = { $name }: { $count } за { $minutes } мин — { $campaigns }
digest-line-count = { $name }: { $count } за { $minutes } мин
digest-no-campaign = без кампании
digest-revenue = Доход: { $sums }
digest-tx = TX: { $ids }
digest-more = и ещё { $count }
funnel-after-registration = ⏱ через { $duration } после регистрации
funnel-registration-line = → 💰 депозит { $amount }через { $duration }
funnel-rebill = 🔁 { $n }-й депозит, всего { $sums }
funnel-rebill-count = 🔁 { $n }-й депозит
digest-paused = 🔕 Пока была пауза: { $count } { $count ->
    [one] конверсия
    [few] конверсии
   *[many] конверсий
}
digest-quiet = 🌙 За тихие часы: { $count } { $count ->
    [one] конверсия
    [few] конверсии
   *[many] конверсий
}

## Итоги дня и статистика.

summary-title = 📊 <b>Итоги { $day }</b>
summary-empty = Конверсий за этот день не было.
summary-registrations = 📝 Регистрации: { $count }
summary-deposits = 💰 Первые депозиты: { $count }
summary-rebills = 🔁 Повторные депозиты: { $count }
summary-rejections = ⛔️ Отказы: { $count }
summary-other = ℹ️ { $word }: { $count }
summary-revenue = 💵 Доход: { $sums }
summary-funnel = 🎯 Рег → деп: { $rate }% ({ $deposited } из { $registrations })
summary-median = ⏱ Медиана до депозита: { $duration }
summary-campaigns = Кампании: { $list }
summary-countries = ГЕО: { $list }
summary-buyers = Баеры: { $list }
summary-entry = { $name } { $deposits }/{ $registrations }
summary-legend = <i>в списках: первые депозиты / регистрации</i>
summary-none = без названия
stats-title-today = 📊 <b>Сегодня, { $day }</b>
stats-title-yesterday = 📊 <b>Вчера, { $day }</b>
stats-title-days = 📊 <b>{ $days } дней: { $from } – { $to }</b>
bot-stats-not-bound = В этот чат не приходят конверсии ни одного профиля. Привяжите его командой /connect.
bot-stats-no-profiles = У вас пока нет профилей: /start → 💚 Keitaro уведомления → ➕ Новый профиль.
bot-stats-usage = Так: /stats — сегодня, /stats yesterday — вчера, /stats 7d или /stats 30d.
bot-menu-stats = 📊 Статистика
bot-btn-stats = 📊 Статистика
bot-stats-choose = 📊 Статистика какого профиля?
bot-stats-btn-today = Сегодня
bot-stats-btn-yesterday = Вчера
bot-stats-btn-7d = 7 дней
bot-stats-btn-30d = 30 дней
bot-stats-btn-day = 📅 По дням
bot-stats-btn-campaign = 📣 Кампании
bot-stats-btn-country = 🌍 ГЕО
bot-stats-btn-buyer = 👤 Баеры
bot-stats-btn-source = 🚦 Источники
bot-stats-btn-offer = 🎁 Офферы
bot-stats-btn-refresh = 🔄 Обновить
bot-stats-btn-settings = ⚙️ Настройки
bot-stats-by-day = <b>По дням</b> (📝 регистрации · 💰 первые депозиты · доход)
bot-stats-by-campaign = <b>По кампаниям</b> (📝 регистрации · 💰 первые депозиты · доход)
bot-stats-by-country = <b>По ГЕО</b> (📝 регистрации · 💰 первые депозиты · доход)
bot-stats-by-buyer = <b>По баерам</b> (📝 регистрации · 💰 первые депозиты · доход)
bot-stats-by-source = <b>По источникам</b> (📝 регистрации · 💰 первые депозиты · доход)
bot-stats-by-offer = <b>По офферам</b> (📝 регистрации · 💰 первые депозиты · доход)
bot-stats-row = { $n }. { $name } — 📝 { $registrations } · 💰 { $deposits }{ $revenue }
bot-stats-more = …и ещё { $count }
bot-stats-nothing = За этот период ничего нет.
bot-stats-no-buyer-field = 👤 Для цифр по баерам нужно знать, в каком поле постбэка баер (sub_id_1 … sub_id_30 или source): выберите его в ⚙️ Настройки → 👤 Поле баера.
bot-insights = <b>⚙️ Статистика «{ $name }»</b>
    🕐 Часовой пояс: { $zone } (там сейчас { $time }). Дни в статистике и итогах — дни этого пояса.
    👤 Поле баера: { $buyer }
    🏷 Имена баеров: { $names }
    📬 Итоги дня: { $summaries }
bot-insights-no-buyer = не выбрано
bot-insights-summary-off = выключены
bot-insights-btn-zone = 🕐 Часовой пояс
bot-insights-btn-buyer = 👤 Поле баера
bot-insights-btn-names = 🏷 Имена баеров
bot-insights-btn-summaries = 📬 Итоги дня
bot-insights-btn-summary-on = 📬 Итоги дня в { $time } — одним нажатием
bot-zone = <b>🕐 Часовой пояс «{ $name }»</b>: { $zone }
    «Сегодня» и каждый день статистики и итогов начинаются в полночь этого пояса. При смене пояса сохранённые конверсии пересчитываются.
bot-zone-btn-type = ⌨️ Другой пояс…
bot-zone-saved = ✅ Часовой пояс: { $zone }. Цифры пересчитываются по его дням.
bot-buyer-field = <b>👤 Поле баера «{ $name }»</b>: { $field }
    В каком поле постбэка имя или номер баера? Кнопки 1–30 — это sub_id_1 … sub_id_30.
bot-buyer-field-seen = В последней конверсии было:
bot-buyer-field-none = ✖️ Нет
bot-buyer-field-saved = ✅ Баер теперь в { $field }. Цифры пересчитываются.
bot-buyer-field-cleared = ✅ Поле баера не выбрано: цифры больше не делятся по баерам.
bot-buyer-names = <b>🏷 Имена баеров «{ $name }»</b> (значение { $field } → показываемое имя)
bot-buyer-names-empty = Пока нет: баеры показываются своими значениями.
bot-buyer-names-unnamed = Баеры последних 30 дней без имени: { $list }
bot-buyer-names-btn-add = ✏️ Дать имя баеру
bot-buyer-names-btn-mention = 🔔 Упоминать баера в его депозитах
bot-wz-mention-title = <b>🔔 Упоминания для «{ $name }»</b>
bot-wz-mention-buyer = Чьи депозиты должны звонить на телефон? Нажмите на баера или пришлите значение, как его передают постбэки, например <code>buyer7</code>.
bot-wz-mention-who = Кто <b>{ $buyer }</b> в Telegram? Нажмите на администратора вашей группы, выберите человека кнопкой ниже 👇 или пришлите его @username. Чтобы получить уведомление, он должен быть в чате.
bot-wz-mention-nobody = 🚫 Никого: больше не упоминать
bot-wz-mention-regs = Упоминать только в депозитах или и в регистрациях?
bot-wz-mention-deposits = 💰 Только депозиты
bot-wz-mention-with-regs = 💰 Депозиты и 📝 регистрации
bot-wz-pick-person = 👤 Выбрать человека
bot-wz-pick-person-hint = 👇 Эта кнопка открывает список людей в Telegram.
bot-wz-person-chosen = ✔️ Принято.
bot-bad-username = Это не имя пользователя Telegram: после @ латинские буквы, цифры или _, например <code>@anna_buyer</code>.
bot-bad-buyer-value = Пришлите значение баера, до 100 символов.
bot-mention-on = ✅ Депозиты { $buyer } будут его упоминать.
bot-mention-on-regs = ✅ Депозиты и регистрации { $buyer } будут его упоминать.
bot-mention-off = ✅ { $buyer } больше не упоминается.
bot-summaries = <b>📬 Итоги дня «{ $name }»</b>
    Каждый день в выбранное время ({ $zone }) — за вчерашний день: итоги против позавчера, топ кампаний, ГЕО и баеров и график за 14 дней. Каждый чат получает цифры того, что приходит в него.
bot-summary = <b>📬 Итоги дня</b> в { $target }: { $state }
    Время — { $zone }. Итоги за вчерашний день; приходят и после дня без конверсий.
bot-summary-off = выключены
bot-summary-btn-type = ⌨️ Другое время…
bot-summary-btn-off = 🔕 Выключить
bot-summary-turned-on = ✅ Итоги будут приходить каждый день в { $time } ({ $zone }) за вчерашний день. Первые — в ближайшие { $time }.
bot-summary-turned-off = ✅ Итоги выключены.
bot-wz-zone = Пришлите часовой пояс в формате IANA, например Europe/Berlin или America/New_York.
bot-wz-summary-time = Пришлите время для итогов, например 09:30.
bot-wz-buyer-name = Пришлите значение баера и имя для показа, например <code>buyer7 = Анна</code>; добавьте его @username в Telegram, чтобы упоминать его на его депозитах: <code>buyer7 = Анна @anna</code>. <code>buyer7 =</code> убирает имя.
bot-bad-zone = Такого часового пояса сервер не знает. Нужно имя IANA, например Europe/Kyiv или Asia/Almaty.
bot-bad-time = Время — это часы и минуты, например 09:00 или 18:30.
bot-bad-buyer-name = Вот так: <code>buyer7 = Анна</code> (значение, «=», затем имя).
chart-title = Регистрации и первые депозиты, { $days } дней
chart-registrations = Регистрации
chart-deposits = Первые депозиты

## Уведомления владельцу профиля.

notice-chat-unreachable = ⚠️ Я больше не могу писать в { $chat }: { $reason }. Уведомления для него сохранены и придут, когда меня добавят обратно.
notice-topic-missing = ⚠️ Топика { $topic } в { $chat } больше нет, поэтому уведомления идут в основной поток чата. Выберите другой топик в настройках бота.
notice-topic-rights = ⚠️ Маршрут создаёт топик для каждого баера в { $chat }, но бот не может создавать там топики, поэтому его уведомления идут в основной поток чата. Сделайте бота администратором с правом управлять топиками.

## Бот.

bot-cmd-start = Главное меню
bot-cmd-help = Как это работает
bot-cmd-language = Язык бота
bot-cmd-cancel = Отменить текущее действие
bot-cmd-connect = Присылать конверсии профиля в этот чат или топик
bot-cmd-stats = Статистика: сегодня, вчера, 7d, 30d
bot-menu = 👋 <b>Keitaro → Telegram</b>
    Каждая конверсия из вашего трекера — в этот чат или чат команды, за секунды.
bot-menu-keitaro = 💚 Keitaro уведомления
bot-menu-language = 🌐 Язык
bot-menu-help = ❓ Помощь
bot-back = ⬅️ Назад
bot-profiles = <b>💚 Keitaro уведомления</b>
    Ваши профили интеграции: по одному на трекер или команду.
bot-profiles-empty = <b>💚 Keitaro уведомления</b>
    Профилей пока нет. Создайте профиль, чтобы получить URL постбэка.
bot-profile-new = ➕ Новый профиль
bot-profile = <b>{ $name }</b> — { $state }
    Уведомления: { $target }
    Маршрутов: { $routes }
    Язык уведомлений: { $language }
    Лимиты: { $rps } { $rpsCount ->
        [one] постбэк
        [few] постбэка
       *[many] постбэков
    }/с, { $ttlSec ->
        [0] повторы не отсеиваются
       *[other] повторы игнорируются в течение { $ttl }
    }
bot-state-on = ✅ включён
bot-state-off = ⏸ выключен
bot-btn-pause = 🔕 Пауза или выключить…
bot-btn-resume = ▶️ Снять с паузы
bot-state-paused = 🔕 на паузе до { $until }
bot-state-paused-resume = 🔕 на паузе, пока не снимете
bot-route-paused = 🔕 на паузе
bot-pause-profile = <b>🔕 Приглушить «{ $name }» на время?</b>
    <b>Пауза</b>: постбэки Keitaro по-прежнему принимаются и сохраняются (ответ 200); уведомления ждут, а когда пауза закончится, придут одним сообщением («Пока была пауза: …»). Ничего не теряется.
    <b>Выключить</b>: URL постбэка отвечает 403, и конверсии не сохраняются вовсе.
bot-pause-route = <b>🔕 Приглушить этот маршрут на время?</b>
    { $name }
    <b>Пауза</b>: его конверсии сохраняются и ждут; когда пауза закончится, придут одним сообщением. Ничего не теряется.
    <b>Выключить</b>: маршрут пропускается, и его конверсии идут туда, куда их отправят другие маршруты или профиль.
bot-btn-pause-hour = 🔕 На 1 час
bot-btn-pause-morning = 🔕 До 09:00
bot-btn-pause-resume = 🔕 Пока не сниму
bot-btn-off-profile = ⏸ Выключить (URL ответит 403)
bot-btn-off-route = ⏸ Выключить маршрут
bot-target-private = этот личный чат
bot-target-chat = чат { $chat }
bot-target-topic = чат { $chat }, топик { $topic }
bot-btn-url = 🔗 URL постбэка и настройка
bot-btn-where = 📍 Куда присылать
bot-btn-routes = 🔀 Маршруты ({ $count })
bot-btn-limits = ⚙️ Лимиты
bot-btn-rename = ✏️ Переименовать
bot-btn-rotate = 🔄 Новый секрет
bot-btn-on = ▶️ Включить
bot-btn-off = ⏸ Выключить
bot-btn-notify-language = 🌐 Язык уведомлений
bot-btn-delete = 🗑 Удалить
bot-btn-refresh = 🔄 Проверить снова
bot-btn-keitaro-steps = 📖 Как настроить Keitaro
bot-url = <b>URL постбэка</b> для «{ $name }» (GET, одной строкой):
    <code>{ $get }</code>

    Или POST на <code>{ $post }</code> с теми же полями в виде формы или JSON.

    Вставьте его в Keitaro: кампания → S2S постбэки (пошагово — ниже).
bot-keitaro-steps = <b>📖 Как настроить Keitaro для «{ $name }»</b>

    <b>Одна кампания</b>
    1. Keitaro → Кампании → откройте кампанию → вкладка <b>S2S постбэки</b> → <b>Добавить</b>.
    2. URL: вставьте эту строку, метод <b>GET</b>:
    <code>{ $get }</code>
    3. Статусы: отметьте <b>lead</b> (регистрации), <b>sale</b> (депозиты), <b>rebill</b> (повторные депозиты), <b>rejected</b> (отказы).
    4. Сохраните кампанию.

    <b>Все кампании источника трафика</b>
    Источники → откройте источник → <b>Postback URL</b>: вставьте ту же строку. Keitaro пришлёт её для каждой конверсии кампаний этого источника.

    <b>Проверка</b>
    Нажмите 🧪 Отправить тест в профиле, затем сделайте тестовую конверсию в Keitaro (Конверсии → Импорт или реальный клик). Она придёт за секунды; если нет — 🩺 подскажет почему.
bot-rotate-confirm = Выпустить новый секрет для «{ $name }»? Текущий URL сразу перестанет работать, новый нужно будет вставить в Keitaro.
bot-rotate-yes = 🔄 Да, новый секрет
bot-rotated = 🔄 Новый секрет выпущен: старый URL больше не работает.
bot-delete-confirm = Удалить «{ $name }» вместе с маршрутами и историей? Это нельзя отменить.
bot-delete-yes = 🗑 Да, удалить
bot-deleted = «{ $name }» удалён.
bot-not-found = Этого профиля больше нет, или он не ваш.
bot-route-not-found = Этого маршрута больше нет, или он не ваш.
bot-stale = Эта кнопка со старого экрана. Откройте /start заново.
bot-unknown = Я понимаю кнопки и команды: /start открывает меню.
bot-private-only = Откройте меня в личном чате: в настройках профиля есть секреты.
bot-language = Выберите язык бота.
bot-notify-language = Язык уведомлений для «{ $name }».
bot-help = <b>Как это работает</b>
    1. 💚 Keitaro уведомления → ➕ Новый профиль.
    2. Скопируйте URL постбэка в Keitaro (📖 показывает куда).
    3. Конверсии приходят сюда: регистрации, депозиты, повторные депозиты, отказы.

    <b>Чат команды или топик форума</b>: добавьте меня в группу и отправьте там /connect (внутри топика — для топика) или выберите в 📍 Куда присылать.
    <b>Разные кампании в разные чаты</b>: 🔀 Маршруты.
    <b>Ничего не приходит?</b> 🩺 Почему нет уведомления? проверит профиль, мои права в каждом чате и последние постбэки.

    /language меняет язык, /cancel отменяет текущее действие.
bot-cancelled = ✖️ Отменено: ничего не изменилось.
bot-nothing-to-cancel = Сейчас ничего не выполняется.
bot-btn-test = 🧪 Отправить тест
bot-btn-diagnostics = 🩺 Почему нет уведомления?
bot-test-sent = 🧪 Тестовый депозит отправлен в { $target }. Проверяю, что он дошёл…
bot-test-ok = ✅ Тест пришёл в { $target }.
bot-test-off = ⏸ Профиль выключен и не принимает конверсии, тесты тоже. Сначала включите его.
bot-test-held = ❌ Тест не доставлен в { $target }: { $why }. Исправьте это — и он придёт: тест сохранён.
bot-test-topic = ⚠️ Тест пришёл в основной поток чата, а не в топик: топика больше нет ({ $target }). Выберите топик заново.
bot-test-limit = ⏳ Telegram попросил подождать для { $target }; тест придёт через мгновение.
bot-test-failed = ❌ Тест не доставлен в { $target }: { $reason }
bot-test-slow = ⏳ Тест в { $target } ещё не пришёл. Он сохранён и будет отправлен повторно.
bot-why-person = это id человека; уведомления приходят в ваш личный чат, группу или канал
bot-why-not-found = Telegram не знает этот чат, или меня там нет
bot-why-bot-absent = меня там нет
bot-why-bot-muted = мне там нельзя писать
bot-why-channel-rights = в канале я должен быть администратором с правом публикации
bot-why-not-admin = выбрать его могут только администраторы
bot-why-unreachable = Telegram не ответил
bot-why-kicked = меня оттуда удалили
bot-why-not-member = меня там нет
bot-why-no-rights = у меня нет права там писать
bot-why-blocked = бот заблокирован в этом личном чате
bot-why-other = Telegram отклонил сообщение
bot-why-topic-missing = такого топика нет (его удалили или номер неверный): выберите топик заново
bot-chat-person = ❌ { $chat } — это id человека. Уведомления приходят в ваш личный чат, группу или канал.
bot-chat-not-found = ❌ Я не вижу чат { $chat }: сначала добавьте меня туда, затем попробуйте снова.
bot-chat-bot-absent = ❌ Меня нет в { $chat }: добавьте меня туда и попробуйте снова.
bot-chat-bot-muted = ❌ Мне нельзя писать в { $chat }: разрешите мне отправлять сообщения и попробуйте снова.
bot-chat-channel-rights = ❌ В канале { $chat } я должен быть администратором с правом публиковать сообщения.
bot-chat-not-admin = ❌ Выбрать { $chat } для уведомлений может только его администратор, а вы им не являетесь.
bot-chat-unreachable = ❌ Telegram не ответил про { $chat }. Попробуйте через минуту.
bot-diag-title = <b>🩺 «{ $name }»</b>
bot-diag-enabled = ✅ Профиль включён.
bot-diag-disabled = ⏸ Профиль выключен: постбэки отклоняются (403). Включите его.
bot-diag-chat-ok = ✅ { $target }: могу туда писать.
bot-diag-chat-bad = ❌ { $target }: { $why }.
bot-diag-topic-dropped = ℹ️ Топик { $topic } чата { $chat } удалён: его уведомления теперь идут в основной поток чата.
bot-diag-last = Последний постбэк: { $ago }.
bot-diag-never = Постбэков ещё не было: проверьте URL в Keitaro и что постбэк кампании включён для нужных статусов.
bot-diag-rate-limited = ⚠️ { $count } { $count ->
        [one] постбэк отклонён
        [few] постбэка отклонено
       *[many] постбэков отклонено
    } лимитом частоты ({ $rps }/с), последний { $ago }. Keitaro может не прислать их снова: поднимите лимит в ⚙️ Лимиты, если это ваш обычный трафик.
bot-diag-waiting = Ждут отправки: { $count }.
bot-diag-dead = Не доставлено после повторов: { $count } (причины ниже).
bot-diag-events = Последние события:
bot-diag-campaign = кампания { $name }
bot-diag-to-default = { " " }→ { $target } (ни один маршрут не подошёл)
bot-diag-to-route = { " " }→ { $target } (маршрут { $n })
bot-diag-to-old-route = { " " }→ { $target } (маршрут, который уже удалён)
bot-outcome-sent = доставлено
bot-outcome-digested = в сводке
bot-outcome-duplicate = дубль, повторно не отправлялся
bot-outcome-pending = ждёт отправки
bot-outcome-held = удержано: бот не может туда писать
bot-outcome-paused = ждёт конца 🔕 паузы: придёт одним сообщением, когда она закончится
bot-outcome-quiet = ждёт конца 🌙 тихих часов: придёт одним сообщением, когда они закончатся
bot-outcome-dead = ошибка: { $reason }
bot-ago-seconds = { $n } с назад
bot-ago-minutes = { $n } мин назад
bot-ago-hours = { $n } ч назад
bot-ago-days = { $n } дн назад
duration-days = { $n } { $n ->
        [one] день
        [few] дня
       *[many] дней
    }
duration-hours = { $n } ч
duration-minutes = { $n } мин
duration-seconds = { $n } с
bot-connect-done = ✅ Конверсии «{ $name }» будут приходить сюда.
bot-connect-topic-done = ✅ Конверсии «{ $name }» будут приходить в этот топик.
bot-connect-choose = Какой профиль должен писать сюда?
bot-connect-no-profile = У вас ещё нет профиля: откройте меня в личном чате и создайте его, затем снова отправьте /connect здесь.
bot-connect-not-admin = Подключить чат может только его администратор.
bot-connect-private = Отправьте /connect в группе (или топике форума), куда должны приходить конверсии, после того как добавите меня туда.
bot-connect-ask-chat = Этот чат и профиль «{ $name }»: что сделать?
bot-connect-ask-topic = Этот топик и профиль «{ $name }»: что сделать?
bot-connect-to-default = 📍 Все уведомления профиля — сюда
bot-connect-to-route = 🔀 Добавить маршрут сюда
bot-connect-cancel = ✖️ Отмена
bot-connect-not-yours = Эти кнопки — для того, кто отправил /connect.
bot-connect-route-private = ➡️ Маршрут сюда настраивается в личном чате со мной.
bot-profile-limit = У вас уже { $max } профилей — это максимум для одного человека: удалите один, чтобы создать новый.
bot-route-limit = В профиле не больше { $max } маршрутов: удалите один, чтобы добавить новый.
bot-offer = 👋 Вы добавили меня в { $chat }. Присылать туда конверсии профиля?
bot-offer-button = «{ $name }» → сюда
bot-offer-done = ✅ Конверсии «{ $name }» будут приходить в { $chat }.
bot-offer-done-forum = ✅ Конверсии «{ $name }» будут приходить в { $chat }, в основной поток. Для топика отправьте /connect внутри этого топика.
bot-offer-no = ✖️ Нет
bot-offer-declined = 👌 Хорошо, в { $chat } ничего не присылаю. Передумаете — отправьте там /connect.

bot-limits = <b>⚙️ Лимиты «{ $name }»</b>
    Лимит частоты: <b>{ $rps }</b> { $rpsCount ->
        [one] постбэк
        [few] постбэка
       *[many] постбэков
    } в секунду; сверх него — HTTP 429 (по умолчанию 27, примерно темп самого Telegram).
    Окно повторов: <b>{ $ttl }</b>; та же конверсия, присланная снова в этом окне, не уведомляется дважды (по умолчанию 1 ч).
bot-btn-rps = 🚦 Лимит частоты
bot-btn-ttl = 🔁 Окно повторов

bot-status-registration = регистрация
bot-status-deposit = депозит
bot-status-rebill = повторный депозит
bot-status-rejected = отказ
bot-status-other = другое
bot-route-any = все конверсии
bot-route-campaign = кампания { $value }
bot-route-campaign-pattern = кампания ~ /{ $value }/
bot-route-source = источник { $value }
bot-route-source-pattern = источник ~ /{ $value }/
bot-route-off = ⏸ выключен
bot-route-topic-per-value = топик на каждое { $field }
bot-routes = <b>🔀 Маршруты «{ $name }»</b>
    Проверяются сверху вниз; конверсию забирает первый подходящий.
bot-routes-empty = <b>🔀 Маршруты «{ $name }»</b>
    Маршрутов нет: маршрут отправляет часть кампаний или источников (и при желании только некоторые статусы или страны) в другой чат или топик.
bot-routes-otherwise = Всё остальное — в { $target }.
bot-btn-route-add = ➕ Добавить маршрут
bot-route = <b>🔀 Маршрут { $position } из { $count }</b>
    { $summary }
    Приоритет { $priority } (меньше — раньше).
bot-btn-route-edit = ✏️ Изменить
bot-btn-route-match = 🎯 Конверсии
bot-btn-route-statuses = 🏷 Статусы
bot-btn-route-geo = 🌍 Страны
bot-btn-route-language = 🗣 Язык
bot-btn-route-target = 📍 Куда присылать
bot-btn-up = ⬆️ Выше
bot-btn-down = ⬇️ Ниже
bot-route-delete-confirm = Удалить этот маршрут?
    { $summary }
bot-route-deleted = 🗑 Маршрут удалён.

bot-btn-card = 🪪 Карточка
bot-card-profile = <b>🪪 Карточка «{ $name }»</b>
    Что показывает каждое уведомление. Ниже — пример депозита, каким он придёт сейчас.
bot-card-route = <b>🪪 Карточка маршрута { $position }</b>
    { $summary }
bot-card-own = У этого маршрута своя карточка.
bot-card-inherited = Этот маршрут берёт карточку профиля; изменение здесь даст ему свою.
bot-card-layout-full = 📄 Полная
bot-card-layout-compact = 📏 В одну строку
bot-card-lines = ✅ показана, ▫️ скрыта: нажмите на строку, чтобы изменить. ➕ Ещё строки — ниже.
bot-card-preview = Пример:
bot-card-inherit = ↩️ Как у профиля
bot-card-inherit-done = ↩️ Маршрут снова берёт карточку профиля.

bot-wz-cancel = ❌ Отмена
bot-wz-cancelled = ✖️ Отменено: ничего не изменилось.
bot-wz-keep = ↩️ Оставить: { $value }
bot-wz-next = ➡️ Дальше
bot-wz-save = ✅ Сохранить
bot-wz-use-buttons = Выберите кнопкой ниже или пришлите id чата.
bot-wz-closed = Этот вопрос уже закрыт: ничего не изменилось. Ответьте на тот, что на экране сейчас.
bot-wz-choose-buttons = Пожалуйста, выберите кнопкой ниже.
bot-wz-route-new = <b>➕ Новый маршрут для «{ $name }»</b>
bot-wz-route-edit = <b>✏️ Маршрут { $n } профиля «{ $name }»</b>
bot-wz-route-saved = ✅ Маршрут сохранён.
bot-wz-what-route = маршрута профиля «{ $name }»
bot-wz-what-profile = «{ $name }»
bot-wz-match-by = Какие конверсии забирает этот маршрут?
bot-wz-by-campaign = 🎯 По кампании
bot-wz-by-source = 📡 По источнику трафика
bot-wz-by-any = ✳️ Все конверсии
bot-wz-by-buyer = 👤 Каждый баер — в свой топик
bot-wz-by-fields = 🔎 По баеру, офферу, GEO или другому полю
bot-wz-topic-rights = ⚠️ Бот пока не может создавать топики в этом чате: сделайте его администратором с правом управлять топиками, иначе сообщения пойдут в основной поток.
bot-wz-not-forum = ⚠️ В этом чате нет топиков: для топика на каждого баера нужна группа с включёнными темами (форум).
bot-wz-campaigns = Пришлите id кампаний через запятую, например <code>12, 15</code> (Keitaro показывает id рядом с каждой кампанией). Или шаблон между слешами, например <code>/^1[0-9]$/</code>.
bot-wz-sources = Пришлите источники трафика так, как Keitaro передаёт их в { "{" }source{ "}" }, через запятую, например <code>facebook, tiktok</code>. Или шаблон между слешами, например <code>/^fb/</code>.
bot-wz-conditions = Пришлите условия, по одному в строке; выполняться должны все. Поле — это <code>sub_id_1</code> … <code>sub_id_30</code>, <code>offer_id</code>, <code>landing_id</code>, <code>creative_id</code>, <code>traffic_source_name</code>, <code>country</code>, <code>campaign_id</code> или <code>source</code>; значения через запятую или шаблон между косыми чертами. Например:
    <code>sub_id_1 = buyer7, buyer8</code>
    <code>country = UA, KZ</code>
bot-wz-statuses = Какие статусы? Нажмите, чтобы выбрать; если не выбран ни один, маршрут берёт все статусы.
bot-wz-all-statuses = ➡️ Все статусы
bot-wz-geo = Какие страны? Пришлите двухбуквенные коды через запятую, например <code>UA, KZ</code>, или выберите все страны.
bot-wz-any-geo = 🌍 Все страны
bot-wz-target = Куда присылать эти уведомления? Выберите ниже или добавьте меня в группу и отправьте там /connect (внутри топика форума — чтобы выбрать топик).
bot-wz-to-private = 💬 Этот личный чат
bot-wz-pick-group = 👥 Выбрать группу
bot-wz-pick-channel = 📢 Выбрать канал
bot-wz-type-id = 🔢 Ввести id чата
bot-wz-pick-hint-g = Выберите группу кнопкой ниже 👇 (я должен быть в ней, а вы — её администратором).
bot-wz-pick-hint-c = Выберите канал кнопкой ниже 👇 (я стану администратором с правом публикации).
bot-wz-pick-closed = Выбор чата закрыт.
bot-wz-chosen = ✅ Выбран { $chat }.
bot-wz-chat-id = Пришлите id чата, например <code>-1001234567890</code>. Id группы показывают боты вроде @getidsbot или адресная строка веб-версии.
bot-wz-topic = { $chat } — форум. Какой топик? Пришлите ссылку на топик (в топике: сообщение → Копировать ссылку) или его номер, или отправьте /connect внутри топика. Или оставьте основной поток.
bot-wz-main-thread = 💬 Основной поток (General)
bot-wz-topic-missing = В { $chat } нет топика { $topic }: проверьте номер или ссылку.
bot-wz-connect-other-chat = Этот /connect пришёл из другого чата; отправьте его внутри топика { $chat }.
bot-wz-connected-chat = ✅ Этот чат выбран для { $what }. Закончите настройку в личном чате со мной.
bot-wz-connected-topic = ✅ Этот топик выбран для { $what }. Закончите настройку в личном чате со мной.
bot-wz-priority = Какое место в списке? Маршруты проверяются сверху. Пришлите число (меньше — раньше; сейчас { $first } будет первым, { $last } — последним) или выберите:
bot-wz-first = ⬆️ Первым
bot-wz-last = ⬇️ Последним
bot-wz-language = Язык этих уведомлений?
bot-wz-profile-language = Как в профиле ({ $language })
bot-wz-confirm = Сохранить маршрут?
    { $summary }
    Приоритет { $priority }.
bot-wz-target-title = <b>📍 Куда «{ $name }» присылает уведомления</b>
bot-wz-target-saved = ✅ Сохранено: уведомления теперь приходят туда.
bot-wz-field-title = <b>⚙️ «{ $name }»</b>
bot-wz-field-saved = ✅ Сохранено.
bot-wz-name = Пришлите новое название (до 64 символов).
bot-wz-rps = Пришлите лимит частоты: постбэков в секунду, от 1 до 1000.
bot-wz-ttl = Пришлите окно повторов: секунды или с единицей, например <code>3600</code>, <code>30 мин</code>, <code>2 ч</code>, <code>7 дней</code> (от 0 — без дедупликации — до 7 дней).

bot-bad-name-empty = Название не может быть пустым.
bot-bad-name-long = Название — не длиннее 64 символов.
bot-bad-rps = Лимит частоты — целое число от 1 до 1000.
bot-bad-ttl = Окно повторов — от 0 до 7 дней: число секунд или с единицей: мин, ч, дн, например 30 мин.
bot-bad-chat-id = Id чата — целое число, например -1001234567890.
bot-bad-chat-id-range = Это число слишком большое для id чата.
bot-bad-topic = Пришлите номер топика или ссылку на него, например https://t.me/c/1234567890/7.
bot-bad-topic-chat = Эта ссылка ведёт в другой чат.
bot-bad-priority = Приоритет — целое число от -1000000 до 1000000.
bot-bad-geo = Пришлите двухбуквенные коды стран через запятую, например UA, KZ.
bot-bad-campaigns = Id кампаний — числа, например 12 или 12, 15. Для остального используйте шаблон между слешами.
bot-bad-sources = Пришлите хотя бы один источник, например facebook.
bot-bad-values-long = Слишком много значений (не больше 50, каждое до 100 символов): шаблон может быть короче.
bot-bad-condition = Условие — это поле, «=» и значения, например <code>sub_id_1 = buyer7</code>; эта строка не такая: { $got }
bot-bad-condition-values = Укажите для { $field } от одного до 50 значений через запятую (каждое до 100 символов) или шаблон между косыми чертами.
bot-bad-conditions-many = В одном маршруте не больше { $max } условий.
bot-bad-pattern-empty = Между слешами пусто.
bot-bad-pattern-long = Шаблон длиннее { $max } символов.
bot-bad-pattern-unsafe = Этот шаблон нельзя выполнить безопасно: обратные ссылки и lookaround не поддерживаются. Упростите его.
bot-bad-pattern-complex = Этот шаблон слишком тяжёлый, чтобы проверять его на каждом постбэке. Сделайте повторы короче и реже.
bot-bad-pattern-repeat = Повтор { $found } раз — слишком много: не больше { $max }.
bot-btn-quiet = 🌙 Тихие часы
bot-quiet = <b>🌙 Тихие часы «{ $name }»</b>
    В тихие часы уведомления чата ждут и приходят одним сообщением, когда часы закончатся; ничего не теряется. Время — по часам профиля: { $zone }, сейчас { $time }.
bot-quiet-off = выключены
bot-quiet-window = { $from }–{ $to }
bot-quiet-deposits = 💰 депозиты приходят
bot-quiet-target = <b>🌙 Тихие часы</b> в { $target }: { $state } ({ $zone })
bot-quiet-target-deposits = 💰 Депозиты и повторные депозиты приходят сразу.
bot-quiet-target-everything = Ждёт всё, депозиты тоже.
bot-quiet-btn-type = ⌨️ Другие часы…
bot-quiet-btn-deposits-on = 💰 Депозиты всё равно приходят: ✅
bot-quiet-btn-deposits-off = 💰 Депозиты всё равно приходят: ❌
bot-quiet-btn-off = ✖️ Выключить тихие часы
bot-quiet-saved = ✅ Тихие часы в { $target }: { $window } ({ $zone }).
bot-quiet-turned-off = ✅ Тихие часы в { $target } выключены.
bot-wz-quiet-hours = Пришлите тихие часы — два времени по часам профиля, например 23:00-08:00.
bot-bad-quiet-hours = Тихие часы — это два разных времени «с-по», например 23:00-08:00 или 01:30-07:00.
bot-pause-button-about = <b>🔘 Кнопка паузы</b>: под уведомлениями в группах — «🔕 Пауза кампании на 1 ч» для администраторов чата и для вас. Сейчас: { $state }.
bot-btn-pause-button-on = 🔘 Кнопка паузы в группах: включить
bot-btn-pause-button-off = 🔘 Кнопка паузы в группах: выключить
bot-pause-button-state-on = включена
bot-pause-button-state-off = выключена
campaign-pause-btn = 🔕 Пауза кампании на 1 ч
campaign-resume-btn = ▶️ Снять паузу
campaign-paused = 🔕 { $user } поставил(а) кампанию { $campaign } здесь на паузу на 1 ч, до { $until } ({ $zone }). Её конверсии подождут и придут одним сообщением.
campaign-resumed = ▶️ { $user } снял(а) паузу с кампании { $campaign }: то, что ждало, приходит сейчас.
campaign-pause-ended = ▶️ Пауза кампании { $campaign } закончилась.
campaign-not-allowed = Ставить уведомления на паузу могут только администраторы этого чата и владелец профиля.
campaign-already-paused = Кампания { $campaign } здесь уже на паузе до { $until }.
campaign-button-gone = Эта кнопка здесь больше не работает.

## Admin API Keitaro: что показала проверка подключения (keitaro/connection-text.ts). Простой текст: его печатает и CLI.
keitaro-ok-legacy = ✅ Подключено: ключ работает, журнал конверсий в формате Keitaro 10 и старше (id конверсий).
keitaro-ok-v11 = ✅ Подключено: ключ работает, журнал конверсий в формате Keitaro 11 (события с историей статусов).
keitaro-names-all = Названия офферов, лендингов, источников трафика и кампаний доступны.
keitaro-names-partial = Названия доступны не все: пользователь ключа видит не все { $lists } (его права в Keitaro ограничены). Невидимые будут показаны номерами; ключ администратора видит все.
keitaro-names-none = Названия недоступны: у пользователя ключа нет прав на списки офферов, лендингов, источников и кампаний. Названия из постбэков по-прежнему показываются.
keitaro-list-offers = офферы
keitaro-list-landings = лендинги
keitaro-list-traffic-sources = источники трафика
keitaro-list-campaigns = кампании
keitaro-bad-url = ❌ Это не адрес трекера. Укажите адрес, по которому открываете панель Keitaro, например https://tracker.example.com/admin/.
keitaro-unauthorized = ❌ Трекер не принял ключ (401): он неверный или отозван. Создайте ключ в Keitaro (Maintenance → Users → Admin API keys) и скопируйте его целиком.
keitaro-payment-required = ❌ В этой редакции Keitaro нет Admin API (402): он есть в редакциях Expert, Team и Enterprise.
keitaro-forbidden = ❌ Ключ работает, но у его пользователя нет прав читать конверсии (403). Дайте этому пользователю доступ к журналу конверсий в Keitaro или используйте ключ администратора.
keitaro-forbidden-cloudflare = ❌ Запрос заблокировал файрвол перед трекером (Cloudflare, 403). Разрешите там этот сервер или укажите адрес панели не через Cloudflare.
keitaro-not-keitaro = ❌ { $host } ответил, но не так, как Admin API Keitaro: вместо данных пришла веб-страница. Укажите адрес, по которому открываете панель Keitaro, например https://tracker.example.com/admin/ (не домен кампании или лендинга).
keitaro-not-keitaro-redirect = ❌ { $host } не отвечает, а перенаправляет запрос на { $location }. Укажите конечный адрес панели (часто с https://).
keitaro-unreachable-dns = ❌ { $host } не найден: проверьте адрес.
keitaro-unreachable-refused = ❌ { $host } отклоняет соединение: проверьте адрес и порт и что трекер запущен.
keitaro-unreachable-timeout = ❌ { $host } не ответил вовремя. Проверьте, что этот сервер может до него достучаться (возможно, мешает файрвол), и повторите.
keitaro-unreachable-tls = ❌ Не удалось установить защищённое соединение с { $host }: его сертификат недействителен (истёк, самоподписанный или выдан на другое имя).
keitaro-unreachable-network = ❌ Соединение с { $host } оборвалось. Повторите; если повторится — проверьте сеть между этим сервером и трекером.
keitaro-bad-request = ❌ Трекер отклонил запрос (400): { $message }
keitaro-rate-limited = ❌ Трекер просит снизить частоту запросов (429). Повторите через несколько минут.
keitaro-server = ❌ В трекере произошла ошибка ({ $status }). Повторите позже; если повторится — посмотрите логи трекера.
keitaro-unexpected = ❌ Трекер дал ответ, которого здесь быть не должно ({ $status }): { $message }

## Сверка с журналом конверсий Keitaro
event-recovered = 🛟 Из журнала конверсий Keitaro: постбэк до нас не дошёл.
event-recovered-change = 🛟 Из журнала конверсий Keitaro: Keitaro отклонил эту конверсию ({ $from }), а постбэк об этом до нас не дошёл.
bot-diag-keitaro-offer = 🔌 Подключите Admin API Keitaro (🔌 Keitaro API в профиле) — и отклонённые постбэки будут восстановлены из журнала конверсий за несколько минут.
bot-diag-keitaro-pending = 🛟 Журнал конверсий Keitaro: подключён, ещё не прочитан (первая сверка — в течение нескольких минут).
bot-diag-keitaro-ok = 🛟 Журнал конверсий Keitaro прочитан { $ago }: { $seen } { $seen ->
        [one] конверсия
        [few] конверсии
       *[other] конверсий
    } за { $hours } ч, восстановлено без постбэка: { $recovered }.
bot-diag-keitaro-failed = ⚠️ Журнал конверсий Keitaro не удалось прочитать { $ago }: { $why }
bot-diag-keitaro-last-ok = Последнее удачное чтение: { $ago }.
bot-diag-keitaro-key = сохранённый ключ не открыть: ENCRYPTION_KEY не задан или не тот, с которым ключ сохраняли.

## 🔌 Подключение профиля к Admin API Keitaro в боте (bot/keitaro.ts, мастер keitaro).
bot-btn-keitaro = 🔌 API Keitaro
bot-keitaro = <b>🔌 API Keitaro для «{ $name }»</b>
bot-keitaro-off = Не подключено. С адресом панели и ключом Admin API в уведомлениях будут настоящие названия офферов и лендингов, а постбэки, которые Keitaro отправил, но до нас не дошли, будут восстановлены.
bot-keitaro-on = Подключено к <b>{ $host }</b> с { $since }.
bot-keitaro-log-legacy = 📒 Журнал конверсий: Keitaro 10 и старше (id конверсий).
bot-keitaro-log-v11 = 📒 Журнал конверсий: Keitaro 11 (события с историей статусов).
bot-keitaro-names-all = 🏷 Названия офферов, лендингов, источников трафика и кампаний: доступны все.
bot-keitaro-names-partial = 🏷 Названия: доступны не все — пользователь ключа видит не все офферы, лендинги, источники или кампании.
bot-keitaro-names-none = 🏷 Названия: недоступны — у пользователя ключа нет прав на списки.
bot-keitaro-key-sealed = 🔒 Ключ хранится зашифрованным.
bot-keitaro-key-plain = ⚠️ ENCRYPTION_KEY не задан, поэтому ключ хранится как есть: его может прочитать любой, кто может читать базу данных. Как задать ENCRYPTION_KEY, написано в README.
bot-keitaro-key-plain-older = ⚠️ Ключ сохранён как есть, до того как задали ENCRYPTION_KEY: пришлите его ещё раз (🔑 Сменить ключ), чтобы он хранился зашифрованным.
bot-keitaro-checked-ok = ✅ Последняя проверка, { $at }: всё работает.
bot-keitaro-checked-bad = Последняя проверка, { $at }:
    { $problem }
bot-keitaro-btn-connect = 🔌 Подключить
bot-keitaro-btn-key = 🔑 Сменить ключ
bot-keitaro-btn-url = 🌐 Сменить адрес
bot-keitaro-btn-check = 🔄 Проверить сейчас
bot-keitaro-btn-off = 🗑 Отключить
bot-keitaro-off-confirm = Отключить «{ $name }» от Admin API Keitaro? Сохранённый ключ будет удалён; названия и восстановление постбэков остановятся, пока вы не подключите снова.
bot-keitaro-off-yes = 🗑 Да, отключить
bot-keitaro-disconnected = 🗑 Отключено: сохранённый ключ удалён.
bot-keitaro-checking = 🔄 Проверяю { $host }…
bot-keitaro-key-unopenable = ❌ Сохранённый ключ не удаётся прочитать: ENCRYPTION_KEY не задан или не тот, с которым ключ сохраняли. Верните тот ENCRYPTION_KEY или пришлите ключ заново (🔑 Сменить ключ).
bot-keitaro-key-shape = ❌ Это не ключ Admin API: ключ — одна строка из 8–256 букв, цифр и знаков, без пробелов. Скопируйте его из Keitaro ещё раз.
bot-keitaro-key-kept = ⚠️ Не удалось удалить ваше сообщение с ключом: удалите его сами (нажмите и удерживайте → Удалить).
bot-wz-keitaro-url = Пришлите адрес, по которому открываете панель Keitaro, например <code>https://tracker.example.com/admin/</code>.
bot-wz-keitaro-key = Пришлите ключ Admin API (в Keitaro: Maintenance → Users → Admin API keys). Я удалю ваше сообщение с ним, как только прочитаю, и больше никогда не покажу ключ.
