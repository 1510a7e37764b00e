"""The demo and the simulated people: `inspraak demo`, the terminal preview, and respondents that
answer any questionnaire through the bot or the web form. Shipped apart from the product (the
`inspraak-doubles` distribution, `pip install 'inspraak[demo]'`), with `localbotapi`."""
