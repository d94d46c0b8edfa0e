# Command descriptions shown in Telegram's command menu.
command-start = Welcome and a link to Gavel
command-help = What this bot can do

start-welcome =
    Welcome to Gavel, { $name }!

    Gavel is an auction marketplace paid in USDC: every winning bid stays in an on-chain escrow until the buyer confirms delivery.

    Browse auctions and bid: { $webUrl }

    Send /help to see what I can do.

help =
    I am Gavel's bot. Commands:

    /start — welcome and a link to the marketplace
    /help — this message

    Soon I will tell you about new bids, auctions ending and your deals. The marketplace: { $webUrl }

unknown-command = I don't know the command { $command }. Send /help to see the ones I understand.
unknown-text = I answer commands only. Send /help to see them.
error-generic = Something went wrong on my side. Please try again in a minute.
