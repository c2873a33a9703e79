"""Settings of the web platform, typed and read from the environment.

``base`` holds everything; ``development`` (the default of ``make run``), ``production`` (passes
``manage.py check --deploy``) and ``test`` override what differs. Nothing touches the database at import.
"""
