# Command descriptions shown in Telegram's command menu.
command-start = Welcome and a link to Gavel
command-help = What this bot can do
command-auction = An auction's card: /auction 12
command-me = Your bids, listings, deals and balance
command-follow = Follow an auction: /follow 12
command-unfollow = Stop following an auction
command-following = The auctions you follow
command-settings = Notifications and language
command-unlink = Unlink your wallet from this chat

start-welcome =
    Welcome to Gavel, { $name }!

    Gavel is an auction marketplace paid in USDC: every winning bid stays in an on-chain escrow until the buyer confirms delivery.

    Browse auctions and bid: { $webUrl }

    Send /help to see what I can do.

help =
    I am Gavel's bot. I tell you about bids, auctions ending and your deals.

    /auction 12 — auction #12: price, leader, time left
    /me — your bids, listings, deals waiting for you, balance
    /follow 12 — follow auction #12 (an auction link works too)
    /unfollow 12 — stop following it
    /following — the auctions you follow
    /settings — which notifications you get, reminders, language
    /unlink — unlink your wallet from this chat
    /help — this message

    In any chat, type @{ $botUsername } and an auction's number or words of its title to share its card.

    Link your wallet on { $webUrl } (“Link Telegram”) to hear about your own bids, sales and deals.

unknown-command = I don't know the command { $command }. Send /help to see the ones I understand.
unknown-text = I answer commands only. Send /help to see them.
error-generic = Something went wrong on my side. Please try again in a minute.

## Linking a wallet
link-disabled = Linking wallets is not set up on this bot yet.
link-done =
    Done: this chat is linked to wallet { $wallet }.

    I'll tell you here about your bids, sales, deals and funds. Send /settings to choose what you hear about, /unlink to undo.
link-expired = This link has expired. Open Gavel, press “Link Telegram” again and use the new link within 10 minutes.
link-invalid = This link is not valid: it was not made by Gavel or it was changed on the way. Use the “Link Telegram” button on Gavel.
link-reused = This link was already used. Each link works once: press “Link Telegram” on Gavel for a new one.
unlink-done = This chat is no longer linked to { $wallet }. You'll still hear about the auctions you follow.
unlink-none = This chat is not linked to a wallet. Link one with “Link Telegram” on Gavel.

## Following auctions
follow-usage = Which auction? Send its number or link, for example: /follow 12
follow-bad = “{ $input }” is not an auction number or link. Example: /follow 12 or /follow { $webUrl }/auction/12
follow-unknown = I don't know auction #{ $id }. Check the number on { $webUrl }.
follow-done =
    You follow auction { $name }{ $status ->
        [active] {""}
       *[other] {" "}(it has ended)
    }. I'll tell you about new bids and how it ends.

    { $webUrl }/auction/{ $id }
follow-already = You already follow auction { $name }. /unfollow { $id } to stop.
unfollow-usage = Which auction? Send its number, for example: /unfollow 12
unfollow-done = You no longer follow auction #{ $id }.
unfollow-not-following = You don't follow auction #{ $id }. /following shows the ones you do.
following-none = You don't follow any auction. Send /follow with an auction's number or link.
following-header = You follow { $count ->
        [one] one auction:
       *[other] { $count } auctions:
    }
following-item = • { $name }{ $status ->
        [settled] {" "}— ended
        [cancelled] {" "}— cancelled
       *[other] {""}
    }

## Settings
settings-text =
    Notifications: tap to switch a kind on or off.
    Ending-soon reminders: how long before the end.
    Language: the language I write in.
settings-kind-bids = New bids
settings-kind-outbid = Outbid
settings-kind-ending = Ending soon
settings-kind-results = Results
settings-kind-deals = Deals
settings-kind-disputes = Disputes
settings-kind-funds = Funds
language-en = English
language-ru = Русский
settings-saved = Saved
settings-stale = This button is out of date. Send /settings again.

## Notifications (HTML parse mode: arguments arrive escaped). Amounts come formatted as on the web ("1,234.50 USDC"), times in UTC.
note-header-auction = Auction { $name }
note-header-deal = Deal #{ $id }
note-header-account = Your Gavel account
note-bid-new = New bid: the price is now { $price }.{ $min ->
        [none] {""}
       *[other] {" "}The next bid must be at least { $min }.
    } Ends { $end }.
note-bid-extended = A late bid moved the end: the price is now { $price }, and it ends { $end }.{ $min ->
        [none] {""}
       *[other] {" "}The next bid must be at least { $min }.
    }
note-bid-topped = Your bid (up to { $max }) was topped at once by the leader's maximum. The price is now { $price }.{ $min ->
        [none] {""}
       *[other] {" "}The next bid must be at least { $min }.
    }
note-outbid-returned = You were outbid{ $price ->
        [none] {""}
       *[other] {" "}— the price is now { $price }
    }. Your { $refund } went back to your wallet.{ $min ->
        [none] {""}
       *[other] {" "}The next bid must be at least { $min }.
    }
note-outbid-credited = You were outbid{ $price ->
        [none] {""}
       *[other] {" "}— the price is now { $price }
    }. Your { $refund } is waiting on Gavel for you to withdraw: USDC refused the transfer to your wallet, as it does while an address is frozen or the token is paused.
note-ending-soon = Ends { $end }.{ $price ->
        [none] {""}
       *[other] {" "}The price is now { $price }.
    }{ $min ->
        [none] {""}
       *[other] {" "}The next bid must be at least { $min }.
    }
reason-ending-following = ⏰ Ending in { $left } — you follow this auction
reason-ending-leading = ⏰ Ending in { $left } — your bid leads
reason-ending-outbid = ⏰ Ending in { $left } — you were outbid
reason-ending-committed = ⏰ Bidding closes in { $left } — you placed a sealed bid
reason-ending-seller = ⏰ Ending in { $left } — your auction
button-view = View
button-bid-again = Bid again
button-stop-following = Stop following
button-dashboard = Dashboard
note-cancelled = The seller cancelled this auction.
note-won = You won for { $price }! Deal #{ $deal } is open: the money stays in escrow until you confirm delivery.
note-bought = You bought it for { $price }! Deal #{ $deal } is open: the money stays in escrow until you confirm delivery.
note-sold = Sold for { $price }. Deal #{ $deal } is open: ship the item, then mark it shipped on Gavel.
note-lost = The auction ended and someone else won, at { $price }.
note-ended-sold = The auction ended: sold for { $price }.
note-no-sale-seller = The auction ended without a sale (no bid reached your reserve).
note-no-sale = The auction ended without a sale.
note-escrow-returned = { $amount } of your escrow went back to your wallet.
note-escrow-credited = { $amount } of your escrow is waiting on Gavel for you to withdraw: USDC refused the transfer to your wallet, as it does while an address is frozen or the token is paused.
note-deal-opened = Deal opened for { $amount }. Ship by { $shipBy }, or the buyer may take the money back.
note-deal-shipped = The seller shipped your item. Confirm when it arrives; without a dispute the money is released to the seller after { $confirmBy }. If it is late you can extend that once; you can open a dispute until the money is released.
note-deal-confirmed-seller = The buyer confirmed delivery. { $paid ->
        [wallet] { $proceeds } was paid to your wallet.
       *[balance] { $proceeds } is yours to withdraw (USDC refused the transfer to your wallet, as it does while an address is frozen or the token is paused).
    }
note-deal-confirmed-buyer = You confirmed delivery; the deal is complete.
note-deal-released-seller = The confirmation window passed and the escrow was released: { $paid ->
        [wallet] { $proceeds } was paid to your wallet.
       *[balance] { $proceeds } is yours to withdraw (USDC refused the transfer to your wallet, as it does while an address is frozen or the token is paused).
    }
note-confirm-extended-seller = The buyer extended the confirmation window: unless they confirm sooner or open a dispute, the money is released to you after { $confirmBy }.
note-deal-released-buyer = The confirmation window passed and the escrow was released to the seller. The deal is complete.
note-refund-by-seller-buyer = The seller refunded the deal: { $amount } is yours to withdraw.
note-refund-by-seller-seller = You refunded the deal ({ $amount } to the buyer).
note-refund-reclaimed-buyer = You took the money back (the item was not shipped in time): { $amount } is yours to withdraw.
note-refund-reclaimed-seller = The item was not shipped in time and the buyer took back { $amount }.
note-dispute-opened = { $by ->
        [buyer] { $you -> 
            [buyer] You opened a dispute.
           *[other] The buyer opened a dispute.
        }
       *[seller] { $you ->
            [seller] You opened a dispute.
           *[other] The seller opened a dispute.
        }
    } An arbiter will rule by { $deadline }; after that either side may split the escrow 50/50.
note-dispute-resolved-buyer = { $byTimeout ->
        [yes] The arbiter did not rule in time, so the escrow was split 50/50.
       *[no] The arbiter ruled: the buyer gets { $share }.
    } { $paid ->
        [nothing] Nothing of the escrow comes back to you.
        [wallet] { $buyerAmount } was paid to your wallet.
       *[balance] { $buyerAmount } is yours to withdraw (USDC refused the transfer to your wallet, as it does while an address is frozen or the token is paused).
    }
note-dispute-resolved-seller = { $byTimeout ->
        [yes] The arbiter did not rule in time, so the escrow was split 50/50.
       *[no] The arbiter ruled: the buyer gets { $share }.
    } { $paid ->
        [nothing] Nothing of the escrow goes to you.
        [wallet] { $proceeds } (after the fee) was paid to your wallet.
       *[balance] { $proceeds } (after the fee) is yours to withdraw (USDC refused the transfer to your wallet, as it does while an address is frozen or the token is paused).
    }
note-round-started = Round { $round } is open: { $units ->
        [one] one unit left
       *[other] { $units } units left
    }. The round's clock starts with its first bid.
note-rolling-stopping = The seller will end this listing once the current round is settled.
note-rolling-ended = The listing has ended: { $sold } sold, { $unsold } unsold.
note-sealed-committed = A new sealed bid came in. Amounts stay hidden until the reveal.
note-sealed-revealed-leading = Your sealed bid of { $amount } is revealed and leads.
note-sealed-revealed-behind = Your sealed bid of { $amount } is revealed; a higher bid leads.
note-sealed-overtaken = A higher sealed bid ({ $amount }) was revealed: you no longer lead.
note-sealed-penalized = Your sealed bid was not revealed in time: { $penalty } of its collateral went to the seller.
note-dispute-arbiter = ⚖️ A dispute needs an arbiter: { $amount } in escrow. Please rule by { $deadline }; after that anyone may split it 50/50.
note-dispute-closed-arbiter = ⚖️ The dispute is closed: the buyer got { $share }.
note-funds = { $amount } was added to your balance on Gavel. Withdraw it any time from your dashboard.
note-withdrawn = You withdrew { $amount } from your Gavel balance { $to ->
        [self] to your wallet.
       *[other] to { $recipient }.
    }
note-pause-moved-end = Gavel was paused for a while and auction clocks stood still, so this auction now ends { $end }.
note-reveal-now = Bidding is closed: reveal your sealed bid now, within { $left } (until { $end }). An unrevealed bid cannot win and may lose part of its collateral.

## Auction cards, /me, inline mode
indexer-down = I can't reach Gavel's auction data right now. Please try again in a minute.
auction-usage = Which auction? Send its number or link, for example: /auction 12
auction-bad = “{ $input }” is not an auction number or link. Example: /auction 12
auction-unknown = There is no auction #{ $id } on Gavel. Check the number on { $webUrl }.
card-title = 🔨 Auction { $name }
card-format = Format: { $format ->
        [english] English (rising price)
        [dutch] Dutch (falling price)
        [sealed] sealed bids
        [rolling] rolling rounds
       *[other] { $format }
    }
card-price = Price: { $price }
card-price-dutch = Price now: { $price }
card-sold = Sold for { $price }
card-sealed = Bids are sealed until the reveal ({ $count } so far).
card-winner = Winner: { $winner }
card-leader = Leader: { $leader } ({ $count ->
        [one] one bid
       *[other] { $count } bids
    })
card-no-bids = No bids yet.
card-you = you
card-ends = Ends in { $left } ({ $at }).
card-starts = Starts in { $left } ({ $at }).
card-clock-idle = The clock starts with the first bid.
card-status = Status: { $status ->
        [active] open
        [ended] ended, waiting to be settled
        [settled] sold
        [no_sale] ended without a sale
        [cancelled] cancelled
       *[other] { $status }
    }
card-open = Open on Gavel
card-follow = 🔔 Follow
card-unfollow = 🔕 Unfollow
card-follow-in-bot = 🔔 Follow in the bot
card-followed = You follow auction #{ $id }.
card-unfollowed = You no longer follow auction #{ $id }.
inline-description = { $price } · { $status ->
        [active] open
        [ended] ended
        [settled] sold
        [no_sale] no sale
        [cancelled] cancelled
       *[other] { $status }
    }
inline-down = Gavel's auction data is unreachable right now
inline-unknown = No auction #{ $id }
inline-none = No auction matches
me-not-linked = This chat is not linked to a wallet. Link one with “Link Telegram” on { $webUrl }, then send /me again.
me-nothing = Wallet { $wallet } has not bid, sold or bought on Gavel yet.
me-header = 👤 Wallet { $wallet }
me-bids-header = { $count ->
        [0] Active bids: none.
        [one] Active bids (1):
       *[other] Active bids ({ $count }):
    }
me-bid-leading = • { $name }: { $price }, you lead. { $time }
me-bid-outbid = • { $name }: { $price }, you were outbid. { $time }
me-ends-in = Ends in { $left }.
me-listings-header = { $count ->
        [0] Your open listings: none.
        [one] Your open listings (1):
       *[other] Your open listings ({ $count }):
    }
me-listing = • { $name }: { $price }, { $bids ->
        [0] no bids
        [one] one bid
       *[other] { $bids } bids
    }. { $time }
me-deals-header = { $count ->
        [0] Deals waiting for you: none.
        [one] Deals waiting for you (1):
       *[other] Deals waiting for you ({ $count }):
    }
me-deal-ship = • { $name }: ship the item by { $by } ({ $amount } in escrow).
me-deal-confirm = • { $name }: the item is on its way; confirm when it arrives ({ $amount }).
me-deal-reclaim = • { $name }: it was not shipped in time; you may take back { $amount }.
me-deal-release = • { $name }: the confirmation window is over; release { $amount } to yourself.
me-withdrawable = Withdrawable: { $amount }. Withdraw it on Gavel.
me-withdrawable-none = Withdrawable: nothing.
rate-limited = Slow down — try again in { $seconds } s.
