"""treaty.render"""
