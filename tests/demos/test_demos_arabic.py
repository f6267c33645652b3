import pytest

from kit_server.demos import arabic


@pytest.mark.parametrize("written,plain", [
    ("مَدْرَسَةٌ", "مدرسه"),          # diacritics go, taa marbuta becomes haa
    ("أحمد وإيمان وآدم", "احمد وايمان وادم"),  # every alef form becomes a bare alef
    ("على", "علي"),                   # alef maqsura becomes yaa
    ("جميـــل", "جميل"),              # tatweel (stretching) goes
    ("kifak 3am ta3mel", "kifak 3am ta3mel"),  # Arabizi and French are left alone
    ("élève", "élève"),
])
def test_normalise_makes_spelling_variants_one_word(written, plain):
    assert arabic.normalise(written) == plain


def test_text_shown_back_keeps_its_letters_and_loses_only_marks():
    assert arabic.strip_marks("قَرَأَتْ المعلّمة") == "قرأت المعلمة"
