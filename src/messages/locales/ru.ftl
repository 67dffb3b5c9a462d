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
