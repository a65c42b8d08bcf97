"""Notices: what concerns a person (a report returned or accepted, an extension decided, a round
opened for their organisation, their comment answered), in an inbox on "Việc của tôi" and by e-mail."""
