"""Rate limits on anonymous and public writes, counted in the database so that every web server
shares them (see ``guard.public_write``)."""
