"""One organisation code table (docs/organisations.md): the codes are the issuer codes of document
symbols, so "BCT" is Bộ Công Thương (as in "58/2025/TT-BCT"), and the Politburo, which has no symbol
code of its own (its documents carry "/TW"), is "BCTTW". Earlier data had "BCT" for the Politburo and
"BCT-BO" for Bộ Công Thương: rename both, the Politburo first so the code is free."""

from django.db import migrations


def rename(apps, schema_editor):  # noqa: ANN001 - a migration's signature
    Organisation = apps.get_model("core", "Organisation")
    politburo = Organisation.objects.filter(code="BCT", name="Bộ Chính trị").first()
    if politburo is not None and not Organisation.objects.filter(code="BCTTW").exists():
        politburo.code = "BCTTW"
        politburo.save(update_fields=["code"])
    trade = Organisation.objects.filter(code="BCT-BO").first()
    if trade is not None and not Organisation.objects.filter(code="BCT").exists():
        trade.code = "BCT"
        trade.save(update_fields=["code"])


def back(apps, schema_editor):  # noqa: ANN001
    Organisation = apps.get_model("core", "Organisation")
    trade = Organisation.objects.filter(code="BCT", name="Bộ Công Thương").first()
    if trade is not None and not Organisation.objects.filter(code="BCT-BO").exists():
        trade.code = "BCT-BO"
        trade.save(update_fields=["code"])
    politburo = Organisation.objects.filter(code="BCTTW").first()
    if politburo is not None and not Organisation.objects.filter(code="BCT").exists():
        politburo.code = "BCT"
        politburo.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_api_token_intake_role")]
    operations = [migrations.RunPython(rename, back)]
