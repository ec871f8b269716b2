"""Domain layer of partner finding and the organisation marketplace: writes, workflows, reads."""
