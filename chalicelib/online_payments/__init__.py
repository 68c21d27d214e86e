"""Copays (and later other charges) paid online (seed 003 lines 783–798, §4.2.4): a payment gateway behind a port
(Wompi in AWS, a local simulator under `make run`), the payments table, signed callbacks, the sweeper of pending
payments and the affiliate's LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS."""
