# Описания команд в меню команд Telegram.
command-start = Приветствие и ссылка на Gavel
command-help = Что умеет этот бот
command-auction = Карточка аукциона: /auction 12
command-me = Ваши ставки, лоты, сделки и баланс
command-follow = Следить за аукционом: /follow 12
command-unfollow = Перестать следить за аукционом
command-following = Аукционы, за которыми вы следите
command-settings = Уведомления и язык
command-unlink = Отвязать кошелёк от этого чата

start-welcome =
    Добро пожаловать в Gavel, { $name }!

    Gavel — площадка аукционов с оплатой в USDC: выигравшая ставка хранится в смарт-контракте, пока покупатель не подтвердит получение.

    Смотреть аукционы и делать ставки: { $webUrl }

    Отправьте /help, чтобы узнать, что я умею.

help =
    Я бот Gavel. Я сообщаю о ставках, окончании аукционов и ваших сделках.

    /auction 12 — аукцион №12: цена, лидер, сколько осталось
    /me — ваши ставки, лоты, сделки, ждущие вас, баланс
    /follow 12 — следить за аукционом №12 (можно прислать ссылку)
    /unfollow 12 — перестать следить
    /following — аукционы, за которыми вы следите
    /settings — какие уведомления приходят, напоминания, язык
    /unlink — отвязать кошелёк от этого чата
    /help — это сообщение

    В любом чате наберите @{ $botUsername } и номер аукциона или слова из названия, чтобы поделиться его карточкой.

    Привяжите кошелёк на { $webUrl } («Подключить Telegram»), чтобы узнавать о своих ставках, продажах и сделках.

unknown-command = Я не знаю команду { $command }. Отправьте /help, чтобы увидеть список команд.
unknown-text = Я отвечаю только на команды. Отправьте /help, чтобы увидеть их.
error-generic = У меня что-то пошло не так. Попробуйте ещё раз через минуту.

## Привязка кошелька
link-disabled = Привязка кошельков в этом боте пока не настроена.
link-done =
    Готово: этот чат привязан к кошельку { $wallet }.

    Здесь я буду сообщать о ваших ставках, продажах, сделках и средствах. /settings — выбрать уведомления, /unlink — отменить привязку.
link-expired = Срок действия ссылки истёк. Откройте Gavel, снова нажмите «Подключить Telegram» и воспользуйтесь новой ссылкой в течение 10 минут.
link-invalid = Ссылка недействительна: её создал не Gavel или она была изменена. Воспользуйтесь кнопкой «Подключить Telegram» на Gavel.
link-reused = Эта ссылка уже использована. Каждая ссылка работает один раз: нажмите «Подключить Telegram» на Gavel, чтобы получить новую.
unlink-done = Этот чат больше не привязан к { $wallet }. Уведомления об аукционах, за которыми вы следите, останутся.
unlink-none = Этот чат не привязан к кошельку. Привяжите его кнопкой «Подключить Telegram» на Gavel.

## Слежение за аукционами
follow-usage = За каким аукционом следить? Пришлите номер или ссылку, например: /follow 12
follow-bad = «{ $input }» — не номер и не ссылка на аукцион. Пример: /follow 12 или /follow { $webUrl }/auction/12
follow-unknown = Я не знаю аукцион №{ $id }. Проверьте номер на { $webUrl }.
follow-done =
    Вы следите за аукционом { $name }{ $status ->
        [active] {""}
       *[other] {" "}(он уже завершён)
    }. Я сообщу о новых ставках и о том, чем он закончится.

    { $webUrl }/auction/{ $id }
follow-already = Вы уже следите за аукционом { $name }. /unfollow { $id } — перестать.
unfollow-usage = За каким аукционом перестать следить? Пришлите номер, например: /unfollow 12
unfollow-done = Вы больше не следите за аукционом №{ $id }.
unfollow-not-following = Вы не следите за аукционом №{ $id }. /following покажет, за какими следите.
following-none = Вы не следите ни за одним аукционом. Отправьте /follow с номером или ссылкой на аукцион.
following-header = Вы следите за { $count ->
        [one] { $count } аукционом:
       *[other] { $count } аукционами:
    }
following-item = • { $name }{ $status ->
        [settled] {" "}— завершён
        [cancelled] {" "}— отменён
       *[other] {""}
    }

## Настройки
settings-text =
    Уведомления: нажмите, чтобы включить или выключить.
    Напоминания о скором окончании: за сколько до конца.
    Язык: на каком языке я пишу.
settings-kind-bids = Новые ставки
settings-kind-outbid = Вашу ставку перебили
settings-kind-ending = Скорое окончание
settings-kind-results = Итоги
settings-kind-deals = Сделки
settings-kind-disputes = Споры
settings-kind-funds = Средства
language-en = English
language-ru = Русский
settings-saved = Сохранено
settings-stale = Эта кнопка устарела. Отправьте /settings ещё раз.

## Уведомления. Суммы приходят отформатированными («1 234,5 USDC»), время — в UTC.
note-header-auction = Аукцион { $name }
note-header-deal = Сделка №{ $id }
note-header-account = Ваш счёт в Gavel
note-bid-new = Новая ставка: цена теперь { $price }. Окончание { $end }.
note-bid-extended = Поздняя ставка продлила аукцион: цена теперь { $price }, окончание { $end }.
note-bid-topped = Вашу ставку (до { $max }) сразу перекрыл максимум лидера. Цена теперь { $price }.
note-outbid-returned = Вашу ставку перебили. { $refund } вернулись на ваш кошелёк.
note-outbid-credited = Вашу ставку перебили. { $refund } ждут вас на Gavel — их можно вывести.
note-ending-soon = До окончания { $left } ({ $end }).
note-cancelled = Продавец отменил этот аукцион.
note-won = Вы выиграли за { $price }! Открыта сделка №{ $deal }: деньги хранятся в эскроу, пока вы не подтвердите получение.
note-bought = Вы купили за { $price }! Открыта сделка №{ $deal }: деньги хранятся в эскроу, пока вы не подтвердите получение.
note-sold = Продано за { $price }. Открыта сделка №{ $deal }: отправьте товар и отметьте отправку на Gavel.
note-lost = Аукцион завершён, победил другой участник — за { $price }.
note-ended-sold = Аукцион завершён: продано за { $price }.
note-no-sale-seller = Аукцион завершён без продажи (ни одна ставка не достигла резервной цены).
note-no-sale = Аукцион завершён без продажи.
note-escrow-returned = { $amount } из вашего залога вернулись на ваш кошелёк.
note-escrow-credited = { $amount } из вашего залога ждут вас на Gavel — их можно вывести.
note-deal-opened = Открыта сделка на { $amount }. Отправьте товар до { $shipBy }, иначе покупатель сможет вернуть деньги.
note-deal-shipped = Продавец отправил ваш товар. Подтвердите получение, когда он придёт; если спора не будет, деньги перейдут продавцу после { $confirmBy }. Если посылка задерживается, этот срок можно один раз продлить; открыть спор можно, пока деньги не выплачены.
note-deal-confirmed-seller = Покупатель подтвердил получение. { $paid ->
        [wallet] { $proceeds } переведено на ваш кошелёк.
       *[balance] { $proceeds } можно вывести (перевод на ваш кошелёк не прошёл).
    }
note-deal-confirmed-buyer = Вы подтвердили получение, сделка завершена.
note-deal-released-seller = Срок подтверждения истёк, эскроу выплачен: { $paid ->
        [wallet] { $proceeds } переведено на ваш кошелёк.
       *[balance] { $proceeds } можно вывести (перевод на ваш кошелёк не прошёл).
    }
note-confirm-extended-seller = Покупатель продлил срок подтверждения: если он не подтвердит получение раньше и не откроет спор, деньги перейдут вам после { $confirmBy }.
note-deal-released-buyer = Срок подтверждения истёк, эскроу выплачен продавцу. Сделка завершена.
note-refund-by-seller-buyer = Продавец вернул деньги по сделке: { $amount } можно вывести.
note-refund-by-seller-seller = Вы вернули деньги по сделке ({ $amount } покупателю).
note-refund-reclaimed-buyer = Вы вернули деньги (товар не отправили вовремя): { $amount } можно вывести.
note-refund-reclaimed-seller = Товар не был отправлен вовремя, и покупатель вернул { $amount }.
note-dispute-opened = { $by ->
        [buyer] { $you ->
            [buyer] Вы открыли спор.
           *[other] Покупатель открыл спор.
        }
       *[seller] { $you ->
            [seller] Вы открыли спор.
           *[other] Продавец открыл спор.
        }
    } Арбитр вынесет решение до { $deadline }; после этого любая сторона может разделить эскроу 50/50.
note-dispute-resolved-buyer = { $byTimeout ->
        [yes] Арбитр не вынес решение вовремя, эскроу разделён 50/50.
       *[no] Решение арбитра: покупателю { $share }.
    } { $paid ->
        [nothing] Из эскроу вам ничего не возвращается.
        [wallet] { $buyerAmount } переведено на ваш кошелёк.
       *[balance] { $buyerAmount } можно вывести (перевод на ваш кошелёк не прошёл).
    }
note-dispute-resolved-seller = { $byTimeout ->
        [yes] Арбитр не вынес решение вовремя, эскроу разделён 50/50.
       *[no] Решение арбитра: покупателю { $share }.
    } { $paid ->
        [nothing] Из эскроу вам ничего не причитается.
        [wallet] { $proceeds } (за вычетом комиссии) переведено на ваш кошелёк.
       *[balance] { $proceeds } (за вычетом комиссии) можно вывести (перевод на ваш кошелёк не прошёл).
    }
note-round-started = Открыт раунд { $round }: осталось единиц — { $units }. Время раунда пойдёт с первой ставки.
note-rolling-stopping = Продавец завершит этот лот после расчёта текущего раунда.
note-rolling-ended = Лот завершён: продано { $sold }, не продано { $unsold }.
note-sealed-committed = Поступила новая закрытая ставка. Суммы скрыты до вскрытия.
note-sealed-revealed-leading = Ваша закрытая ставка { $amount } вскрыта и лидирует.
note-sealed-revealed-behind = Ваша закрытая ставка { $amount } вскрыта; лидирует более высокая.
note-sealed-overtaken = Вскрыта более высокая закрытая ставка ({ $amount }): вы больше не лидируете.
note-sealed-penalized = Ваша закрытая ставка не была вскрыта вовремя: { $penalty } из залога ушло продавцу.
note-dispute-arbiter = ⚖️ Спор ждёт арбитра: в эскроу { $amount }. Решите до { $deadline }; после этого любой может разделить сумму 50/50.
note-dispute-closed-arbiter = ⚖️ Спор закрыт: покупатель получил { $share }.
note-funds = На ваш баланс в Gavel зачислено { $amount }. Вывести можно в любое время в личном кабинете.
note-withdrawn = Вы вывели { $amount } с баланса Gavel { $to ->
        [self] на свой кошелёк.
       *[other] на адрес { $recipient }.
    }
note-pause-moved-end = Gavel был на паузе, и часы аукционов стояли, поэтому этот аукцион теперь заканчивается { $end }.
note-reveal-now = Приём ставок закрыт: вскройте свою закрытую ставку сейчас, в течение { $left } (до { $end }). Невскрытая ставка не может победить, и часть залога может быть удержана.

## Карточки аукционов, /me, встроенный режим
indexer-down = Сейчас не получается связаться с данными аукционов Gavel. Попробуйте через минуту.
auction-usage = Какой аукцион? Пришлите номер или ссылку, например: /auction 12
auction-bad = «{ $input }» — не номер и не ссылка на аукцион. Пример: /auction 12
auction-unknown = На Gavel нет аукциона №{ $id }. Проверьте номер на { $webUrl }.
card-title = 🔨 Аукцион { $name }
card-format = Формат: { $format ->
        [english] английский (цена растёт)
        [dutch] голландский (цена падает)
        [sealed] закрытые ставки
        [rolling] раунды подряд
       *[other] { $format }
    }
card-price = Цена: { $price }
card-price-dutch = Цена сейчас: { $price }
card-sold = Продано за { $price }
card-sealed = Ставки закрыты до вскрытия (пока { $count }).
card-winner = Победитель: { $winner }
card-leader = Лидер: { $leader } ({ $count ->
        [one] { $count } ставка
        [few] { $count } ставки
       *[other] { $count } ставок
    })
card-no-bids = Ставок пока нет.
card-you = вы
card-ends = Завершится через { $left } ({ $at }).
card-starts = Начнётся через { $left } ({ $at }).
card-clock-idle = Отсчёт времени начнётся с первой ставки.
card-status = Статус: { $status ->
        [active] идёт
        [ended] завершён, ждёт расчёта
        [settled] продано
        [no_sale] завершён без продажи
        [cancelled] отменён
       *[other] { $status }
    }
card-open = Открыть на Gavel
card-follow = 🔔 Следить
card-unfollow = 🔕 Не следить
card-follow-in-bot = 🔔 Следить в боте
card-followed = Вы следите за аукционом №{ $id }.
card-unfollowed = Вы больше не следите за аукционом №{ $id }.
inline-description = { $price } · { $status ->
        [active] идёт
        [ended] завершён
        [settled] продано
        [no_sale] без продажи
        [cancelled] отменён
       *[other] { $status }
    }
inline-down = Данные аукционов Gavel сейчас недоступны
inline-unknown = Нет аукциона №{ $id }
inline-none = Подходящих аукционов нет
me-not-linked = Этот чат не привязан к кошельку. Привяжите его кнопкой «Подключить Telegram» на { $webUrl } и отправьте /me ещё раз.
me-nothing = Кошелёк { $wallet } ещё не делал ставок, не продавал и не покупал на Gavel.
me-header = 👤 Кошелёк { $wallet }
me-bids-header = { $count ->
        [0] Активные ставки: нет.
       *[other] Активные ставки ({ $count }):
    }
me-bid-leading = • { $name }: { $price }, вы лидируете. { $time }
me-bid-outbid = • { $name }: { $price }, вашу ставку перебили. { $time }
me-ends-in = Завершится через { $left }.
me-awaiting-settle = Завершён, ждёт расчёта.
me-listings-header = { $count ->
        [0] Ваши открытые лоты: нет.
       *[other] Ваши открытые лоты ({ $count }):
    }
me-listing = • { $name }: { $price }, { $bids ->
        [0] ставок нет
        [one] { $bids } ставка
        [few] { $bids } ставки
       *[other] { $bids } ставок
    }. { $time }
me-deals-header = { $count ->
        [0] Сделки, ждущие вас: нет.
       *[other] Сделки, ждущие вас ({ $count }):
    }
me-deal-ship = • { $name }: отправьте товар до { $by } ({ $amount } в эскроу).
me-deal-confirm = • { $name }: товар в пути; подтвердите получение ({ $amount }).
me-deal-reclaim = • { $name }: товар не отправлен вовремя; вы можете вернуть { $amount }.
me-deal-release = • { $name }: окно подтверждения прошло; переведите себе { $amount }.
me-withdrawable = Можно вывести: { $amount }. Вывести можно на Gavel.
me-withdrawable-none = Можно вывести: ничего.
rate-limited = Не так быстро — попробуйте снова через { $seconds } с.
