## Уведомления о конверсиях. Значения подставляются уже экранированными для HTML.

status-registration = 📝 Регистрация
status-deposit = 💰 Депозит
status-rebill = 🔁 Повторный депозит
status-rejected = ⛔️ Отказ
status-other = ℹ️ { $word }
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

## Сводки: одно сообщение вместо многих, когда чат перегружен.

digest-registration = 📝 Регистрации
digest-deposit = 💰 Депозиты
digest-rebill = 🔁 Повторные депозиты
digest-rejected = ⛔️ Отказы
digest-other = ℹ️ Другие
digest-line = { $name }: { $count } за { $minutes } мин — { $campaigns }
digest-no-campaign = без кампании
digest-revenue = Доход: { $sums }
digest-tx = TX: { $ids }
digest-more = и ещё { $count }

## Уведомления владельцу профиля.

notice-chat-unreachable = ⚠️ Я больше не могу писать в { $chat }: { $reason }. Уведомления для него сохранены и придут, когда меня добавят обратно.
notice-topic-missing = ⚠️ Топика { $topic } в { $chat } больше нет, поэтому уведомления идут в основную ветку чата. Выберите другой топик в настройках бота.

## Бот.

bot-cmd-start = Главное меню
bot-cmd-help = Как это работает
bot-cmd-language = Язык бота
bot-cmd-cancel = Отменить текущее действие
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
    Язык уведомлений: { $language }
    Лимиты: { $rps } постбэков/с, повторы игнорируются { $ttl } с
bot-state-on = ✅ включён
bot-state-off = ⏸ выключен
bot-target-private = этот личный чат
bot-target-chat = чат { $chat }
bot-target-topic = чат { $chat }, топик { $topic }
bot-btn-url = 🔗 URL постбэка и настройка
bot-btn-rotate = 🔄 Новый секрет
bot-btn-on = ▶️ Включить
bot-btn-off = ⏸ Выключить
bot-btn-notify-language = 🌐 Язык уведомлений
bot-btn-delete = 🗑 Удалить
bot-url = <b>URL постбэка</b> для «{ $name }» (GET, одной строкой):
    <code>{ $get }</code>

    Или POST на <code>{ $post }</code> с теми же полями в виде формы или JSON.

    <b>Как настроить Keitaro</b>
    1. Кампания → S2S постбэки → Добавить, вставьте URL, метод GET.
    2. Отметьте статусы: lead, sale, rejected, rebill.
    3. Для всех кампаний источника трафика добавьте тот же URL в постбэки источника.
    4. Отправьте тестовую конверсию: она придёт сюда за секунды.
bot-rotate-confirm = Выпустить новый секрет для «{ $name }»? Текущий URL сразу перестанет работать, новый нужно будет вставить в Keitaro.
bot-rotate-yes = 🔄 Да, новый секрет
bot-rotated = 🔄 Новый секрет выпущен: старый URL больше не работает.
bot-delete-confirm = Удалить «{ $name }» вместе с маршрутами и историей? Это нельзя отменить.
bot-delete-yes = 🗑 Да, удалить
bot-deleted = «{ $name }» удалён.
bot-not-found = Этого профиля больше нет, или он не ваш.
bot-private-only = Откройте меня в личном чате: в настройках профиля есть секреты.
bot-language = Выберите язык бота.
bot-notify-language = Язык уведомлений для «{ $name }».
bot-help = <b>Как это работает</b>
    1. 💚 Keitaro уведомления → ➕ Новый профиль.
    2. Скопируйте URL постбэка в Keitaro (на экране показано как).
    3. Конверсии приходят сюда: регистрации, депозиты, повторные депозиты, отказы.
    /language меняет язык, /cancel отменяет текущее действие.
bot-cancelled = Готово: ничего не выполняется.
bot-btn-test = 🧪 Отправить тест
bot-btn-diagnostics = 🩺 Почему нет уведомления?
bot-test-sent = 🧪 Тестовый депозит отправлен в { $target }. Проверяю, что он дошёл…
bot-test-ok = ✅ Тест пришёл в { $target }.
bot-test-held = ❌ Тест не доставлен в { $target }: бота там нет или ему нельзя писать ({ $reason }). Добавьте бота обратно (или дайте право писать) — и он придёт.
bot-test-limit = ⏳ Telegram попросил подождать для { $target }; тест придёт через мгновение.
bot-test-failed = ❌ Тест не доставлен в { $target }: { $reason }
bot-test-slow = ⏳ Тест в { $target } ещё не пришёл ({ $reason }). Он сохранён и будет отправлен повторно.
bot-diag-title = <b>🩺 «{ $name }»</b>
bot-diag-enabled = ✅ Профиль включён.
bot-diag-disabled = ⏸ Профиль выключен: постбэки отклоняются (403). Включите его.
bot-diag-chat-ok = ✅ { $target }: доступен.
bot-diag-chat-bad = ❌ { $target }: { $reason }
bot-diag-last = Последний постбэк: { $ago }.
bot-diag-never = Постбэков ещё не было: проверьте URL в Keitaro и что постбэк кампании включён для нужных статусов.
bot-diag-waiting = Ждут отправки: { $count }.
bot-diag-dead = Не доставлено после повторов: { $count } (причины ниже).
bot-diag-events = Последние события:
bot-outcome-sent = доставлено
bot-outcome-digested = в сводке
bot-outcome-duplicate = дубль, повторно не отправлялся
bot-outcome-pending = ждёт отправки
bot-outcome-held = удержано: бот не может туда писать
bot-outcome-dead = ошибка: { $reason }
bot-ago-seconds = { $n } с назад
bot-ago-minutes = { $n } мин назад
bot-ago-hours = { $n } ч назад
bot-ago-days = { $n } дн назад
bot-connect-done = ✅ Конверсии «{ $name }» будут приходить сюда.
bot-connect-topic-done = ✅ Конверсии «{ $name }» будут приходить в этот топик.
bot-connect-choose = Какой профиль должен писать сюда?
bot-connect-no-profile = У вас ещё нет профиля: откройте меня в личном чате и создайте его, затем снова отправьте /connect здесь.
bot-connect-not-admin = Подключить чат может только его администратор.
bot-connect-private = Отправьте /connect в группе (или топике форума), куда должны приходить конверсии, после того как добавите меня туда.
bot-profile-limit = У вас уже { $max } профилей — это максимум для одного человека: удалите один, чтобы создать новый.
