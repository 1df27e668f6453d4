"""Never lose work: the journal and history controller, restore and merge dialogs."""
