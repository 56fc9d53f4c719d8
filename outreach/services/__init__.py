"""What outreach does, one module per noun (feedback, questions, ...): import from them."""
