"""`kit serve` speaks in plain sentences: no "Task queue depth" noise while a class arrives."""
import logging

from kit_server.serve_log import QUIET_SECONDS, OverloadNotice


def _queue_warning(depth: int) -> logging.LogRecord:
    return logging.LogRecord("waitress.queue", logging.WARNING, __file__, 1, "Task queue depth is %d", (depth,), None)


def test_a_short_queue_while_a_class_arrives_says_nothing():
    notice = OverloadNotice(threads=8, clock=lambda: 0.0)
    assert not any(notice.filter(_queue_warning(depth)) for depth in range(1, 32))


def test_a_real_overload_is_said_once_in_words_then_again_only_after_a_while():
    now = [0.0]
    notice = OverloadNotice(threads=8, clock=lambda: now[0])
    first = _queue_warning(40)
    assert notice.filter(first) and "40 requests are waiting" in first.getMessage()
    assert "Task queue" not in first.getMessage()
    now[0] += 60
    assert not notice.filter(_queue_warning(50))
    now[0] += QUIET_SECONDS
    assert notice.filter(_queue_warning(45))


def test_other_waitress_messages_pass_untouched():
    record = logging.LogRecord("waitress", logging.ERROR, __file__, 1, "Exception while serving /x", (), None)
    assert OverloadNotice(threads=8).filter(record) and record.getMessage() == "Exception while serving /x"
