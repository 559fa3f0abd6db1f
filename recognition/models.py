"""Recognition: what the campaign does with the initiatives it finds good."""
