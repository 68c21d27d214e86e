"""What AWS calls besides HTTP routes: each Lambda's body (app.py declares and decorates them) and the operators'
command line. Like the routes, they sit above wiring.py and take their services from it."""
