# The canonical form itself as a spec style: its rules and op are the
# dialect's own (dialects/convt).
set(FRONTEND_NAME Canonical)
