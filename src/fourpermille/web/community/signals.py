"""What the joining workflow tells the rest of the platform (the notifications app listens).

``join_request_submitted(join_request)``: an applicant confirmed the contact e-mail; the request now
waits for the secretariat. ``join_request_decided(join_request, by)``: the secretariat approved or
rejected it (``join_request.status``). Both are sent after the change has committed.
"""

from django.dispatch import Signal

join_request_submitted = Signal()
join_request_decided = Signal()
