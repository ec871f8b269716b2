from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="industrial_transition",
            field=models.BooleanField(
                default=False,
                help_text="An industrial-transition region (Cohesion Policy 2021-27, e.g. for the "
                "Just Transition Fund and the interregional innovation investments).",
            ),
        ),
    ]
