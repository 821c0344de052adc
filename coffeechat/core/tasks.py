"""Helpers for background work through Django's task framework (django-tasks).

An app defines its tasks with `django_tasks.task` in its own `tasks.py` and keeps what the user
sees (progress, outcome) on one of its own rows, written by the task. These helpers cover what
every such workflow needs besides: enqueue and remember the task's id, and ask later whether
that task ended without finishing its work (its worker died, or it raised past its own error
handling), which is when a page offers "Try again".
"""

from __future__ import annotations

from django_tasks import TaskResultStatus, task_backends
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist

ENDED = {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}


def enqueue(task: Task, *args, **kwargs) -> str:
    """Queue `task` and return the id to store on the row it works for."""
    return str(task.enqueue(*args, **kwargs).id)


def task_ended(task: Task, task_id: str) -> bool:
    """Whether the backend records that this task ended (successfully or not).

    False when it cannot tell: a backend that keeps no results (immediate) or an id it never
    stored. Callers combine this with their own row's state: a row still "running" whose task
    ended was abandoned.
    """
    if not task_id:
        return False
    backend = task_backends[task.backend]
    if not backend.supports_get_result:
        return False
    try:
        return backend.get_result(task_id).status in ENDED
    except TaskResultDoesNotExist:
        return False
