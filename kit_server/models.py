"""Imports every model so that the metadata (and Alembic) sees all tables."""
from .assignments.models import Assignment  # noqa: F401
from .auth.models import SignInAttempt, StaffUser, Student  # noqa: F401
from .classdata.models import ClassModelRun, ClassSample  # noqa: F401
from .classes.models import SchoolClass  # noqa: F401
from .live.models import LiveSession, SessionAttendance  # noqa: F401
from .progress.models import LessonProgress, ModuleTestResult, ProgressEvent  # noqa: F401
from .school.models import School  # noqa: F401
from .reports.models import ApiToken, ConsentRecord, ReportLog  # noqa: F401
from .reports.outbox import HubLink, OutboxItem  # noqa: F401
from .notebooks.models import NotebookClassSetting, NotebookHandout  # noqa: F401
from .jobs.models import Job  # noqa: F401
from .modelmaker.models import ModelExample, ModelProject, ModelQuota, ModelVersion  # noqa: F401
