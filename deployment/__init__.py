"""One deployment serving any number of halls: which halls, where each is addressed
(`/h/<hall>/…`, the default hall at the root), and which process does each hall's
once-only work (the leader)."""
