"""WhatsApp edge: the Cloud API client, the webhook section of the web server, rendering."""
