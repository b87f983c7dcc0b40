"""New features start with no arbitrary enum value; form errors mark their field and go
as soon as the field is fixed (real widgets on a real project)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QDialog

from gisplanner.ui.editing.dialogs import NewFeatureDialog, PlaceFeatureDialog
from gisplanner.ui.editing.feature_form import FeatureForm
from gisplanner.ui.editing.field_marks import INVALID_COLOR, is_marked

UID = "cq.biocity.vaccine-incubator"


@pytest.fixture(autouse=True)
def english():
    from gisplanner.ui.i18n import set_lang

    set_lang("en")



def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget


def red(editor) -> bool:
    target = getattr(editor, "edit", editor)
    return is_marked(editor) and INVALID_COLOR in target.styleSheet()


@pytest.mark.parametrize("layer", ["facilities", "transport_points", "parks"])
def test_a_new_feature_starts_with_no_kind_and_requires_one(qtbot, layer):
    dialog = shown(qtbot, NewFeatureDialog(layer))
    kind = dialog.editors["kind"]
    assert isinstance(kind, QComboBox)
    assert kind.currentIndex() == -1 and dialog.record()["kind"] is None
    assert kind.placeholderText()  # the empty combo says to choose
    assert dialog.record()["status"] == "proposed"  # the neutral default for something just drawn
    for fdef in dialog.definition.fields:  # optional enums start blank, not on their first value
        if fdef.type == "enum" and not fdef.required and fdef.editable:
            assert dialog.record()[fdef.name] is None, fdef.name
    dialog.editors["name_zh"].setText("新要素")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert QDialog.result(dialog) == 0 and dialog.isVisible()  # refused: no kind chosen
    assert "Kind" in dialog.message.text()
    kind.setCurrentIndex(1)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert QDialog.result(dialog) == 1 and dialog.record()["kind"] == kind.itemData(1)


def test_place_by_name_starts_with_no_kind(qtbot):
    dialog = shown(qtbot, PlaceFeatureDialog())
    assert dialog.kind.currentIndex() == -1 and dialog.kind.currentData() is None
    dialog.place.setText("木洞镇")
    dialog.name_zh.setText("木洞镇新平台")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert QDialog.result(dialog) == 0 and red(dialog.kind) and not red(dialog.name_zh)
    assert dialog.focusWidget() is dialog.kind
    dialog.layer.setCurrentIndex(dialog.layer.findData("transport_points"))  # another layer's kinds
    assert dialog.kind.currentIndex() == -1
    dialog.kind.setCurrentIndex(0)
    assert not red(dialog.kind) and dialog.message.text() == ""
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert QDialog.result(dialog) == 1


def test_new_feature_errors_mark_fields_focus_the_first_and_clear_when_fixed(qtbot):
    dialog = shown(qtbot, NewFeatureDialog("facilities"))
    name, kind = dialog.editors["name_zh"], dialog.editors["kind"]
    assert not red(name) and not red(kind)  # nothing marked before OK
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert red(name) and red(kind) and not red(dialog.editors["name_en"])
    assert dialog.focusWidget() is name  # the first field with a problem, in form order
    assert name.toolTip() and kind.toolTip()
    name.setText("新")  # fixed with the first keystroke, before OK or leaving the field
    assert not red(name) and red(kind)
    assert "Name" not in dialog.message.text() and "Kind" in dialog.message.text()
    kind.setCurrentIndex(kind.findData("hospital"))
    assert not red(kind) and dialog.message.text() == ""
    name.setText("")  # broken again: marked again
    assert red(name)


def test_form_error_marks_the_field_and_clears_as_soon_as_it_is_valid(controller, qtbot):
    form = FeatureForm(controller)
    form.show_feature(UID)
    shown(qtbot, form)
    name, deadline = form.editors["name_zh"], form.editors["deadline"]
    old_name = controller.session.value(UID, "name_zh")
    name.setText("")
    name.editingFinished.emit()
    assert red(name) and form.messages["name_zh"].isVisible()
    name.setText("疫")  # valid again at the first character: the error goes at once
    assert not red(name) and not form.messages["name_zh"].isVisible()
    assert controller.session.value(UID, "name_zh") == old_name  # stored only when the field is left
    name.editingFinished.emit()
    assert controller.session.value(UID, "name_zh") == "疫"
    deadline.setText("1999")
    deadline.editingFinished.emit()
    assert red(deadline) and "2000" in form.messages["deadline"].text()
    deadline.setText("199")  # still invalid while typing: stays marked
    assert red(deadline) and form.messages["deadline"].isVisible()
    deadline.setText("2031")
    assert not red(deadline) and form.messages["deadline"].text() == ""
    deadline.editingFinished.emit()
    assert controller.session.value(UID, "deadline") == 2031
    assert not red(name) and not red(deadline)


def test_a_required_enum_without_a_value_shows_blank_not_the_first_entry(qtbot):
    from gisplanner.layers import layer_definition
    from gisplanner.ui.editing.field_editors import editor_value, make_editor, set_editor_value

    kind = make_editor(layer_definition("facilities").field("kind"), "facilities")
    qtbot.addWidget(kind)
    set_editor_value(kind, "hospital")
    assert editor_value(kind) == "hospital"
    for missing in (None, "no-such-kind"):  # shown as unchosen, never as "substation"
        set_editor_value(kind, missing)
        assert kind.currentIndex() == -1 and editor_value(kind) is None
