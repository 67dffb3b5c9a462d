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
