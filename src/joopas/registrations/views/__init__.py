"""Pages of the registrations app: the student's own side (`student`) and the study offices' side (`office`)."""
