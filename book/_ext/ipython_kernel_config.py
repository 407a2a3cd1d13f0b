"""IPython kernel settings for this project's own environment, installed by ``make``.

``make book`` and ``make test`` copy this file to ``.venv/etc/ipython/``, where
every IPython kernel started from that environment reads it (the kernels that
execute the lessons during the book build included).

It drops one start-up notice, and nothing else: ipykernel 7 logs "Kernel is
running over TCP without encryption ... susceptible to eavesdropping" each time
a kernel starts, so a book build printed it once per lesson. The kernels that
the build (and ``make lab``) start listen on 127.0.0.1 only and every message is
signed with a random per-kernel key, so nothing leaves the machine to be
overheard; the notice would only train readers of the log to skip warnings.
Every other kernel warning and error is still printed.
"""

import logging

NOTICE = "running over TCP without encryption"


class DropUnencryptedTcpNotice(logging.Filter):
    """Drop the kernel's TCP-without-encryption start-up notice; keep every other record."""

    upstream_tcp_notice = True  # marks the filter, so loading this file twice adds it once

    def filter(self, record: logging.LogRecord) -> bool:
        return NOTICE not in record.getMessage()


# IPKernelApp logs through logging.getLogger("IPKernelApp") (traitlets' Application.log)
_log = logging.getLogger("IPKernelApp")
if not any(getattr(f, "upstream_tcp_notice", False) for f in _log.filters):
    _log.addFilter(DropUnencryptedTcpNotice())
