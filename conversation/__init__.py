"""The channel-neutral conversation: consent, questions, review, pause, my data, erase."""
