"""The legal-text core: document tree, parser, numbers and citations, Akoma Ntoso. No Django here."""
