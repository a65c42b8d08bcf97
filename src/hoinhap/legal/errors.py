"""Errors of the legal-text core. The parser itself never raises on text; readers of binary or
structured formats raise ``UnreadableDocument`` with a one-line, user-facing reason."""




def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "marked, translated later"
    """Mark a message for translation without translating it: the legal core imports no Django, so the
    adapter that shows the error translates ``template`` and fills in ``params`` (``corpus.reading``)."""
    return message


class UnreadableDocument(ValueError):
    """The input cannot be read as a document (binary, wrong encoding, malformed, hostile).

    ``template`` is the English message marked with ``N_`` (its Vietnamese is in the catalogue) and
    ``params`` its named values; ``str(error)`` is the English sentence, for logs."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)
