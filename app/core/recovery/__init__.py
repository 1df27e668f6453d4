"""Never lose an author's work: the journal and local history (store), the
three-way merge."""
