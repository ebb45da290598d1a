"""gunicorn's settings for `make serve` (gunicorn reads this file from the working
directory); `--bind` and `--workers` come from the Makefile, anything else can be
overridden with GUNICORN_CMD_ARGS."""

# Recycle workers now and then: bounds the memory a slow leak could take.
max_requests = 2000
max_requests_jitter = 200
timeout = 30
# Several instances may run on one machine (the two-hosts test, a blue-green switch);
# they would fight over the one default control socket, which nothing here uses.
control_socket_disable = True
