from django.db import migrations, models

import accounts.text


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0015_review_event_messages_write_and_answer"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="reply",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[accounts.text.PlainTextValidator(multiline=True)],
                verbose_name="reply to the reporter",
            ),
        ),
    ]
