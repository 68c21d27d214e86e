"""Registrar mi Solicitud's "NOTIFICACIÓN JURAMENTADA" (seed 003 §4.2.1): the terms an affiliate accepts before any
presolicitud. Versioned: the acceptance kept is of a version, and a form naming another one is refused, so the
person reads the text in force."""

from __future__ import annotations

TERMS_VERSION = "NJ-2020-04-27"
TERMS_TITLE = "NOTIFICACIÓN JURAMENTADA"
TERMS_SUBTITLE = "TERMINOS GENERALES Y CONDICIONES DE USO OFICINA VIRTUAL."
TERMS_UPDATED = "Última actualización: 27 de Abril de 2020."
EPS = "ENTIDAD PROMOTORA DE SALUD SERVICIO OCCIDENTAL DE SALUD S.A. SOS"
TERMS_PARAGRAPHS = (
    "Los presentes términos y condiciones de uso se han establecido con relación a los servicios de la página "
    f"\"OFICINA VIRTUAL\" de {EPS} con el único objetivo de definir la forma en la cual usted, de ahora en "
    "adelante, podrá radicar solicitudes y consultar el estado de las mismas.",
    "El acceso y/o uso de la \"OFICINA VIRTUAL\" implica el reconocimiento y aceptación incondicional de los "
    "términos y condiciones, los cuales tienen lugar al momento de ingresar en el aplicativo y escoger la opción "
    "\"Registrar mi Solicitud\", con lo cual automáticamente el usuario acepta la totalidad de los términos, es "
    f"decir que constituye un contrato entre {EPS}, y el Usuario.",
    "Mediante este mecanismo de registro de solicitudes de autorización de servicios, usted como afiliado(a) podrá "
    "gestionar todas las prestaciones derivadas de una consulta médica siempre y cuando sean prescritos por el "
    f"médico tratante adscrito a la red de prestadores de {EPS}, relativo al Plan de Beneficios en Salud (PBS), "
    "Plan de Beneficios en Salud Subsidiado (PBSS) y los Planes Complementarios de Salud (PAC):",
)
TERMS_SERVICES = (
    "Procedimientos quirúrgicos.", "Ayudas diagnósticas", "Consulta con subespecialidades", "Terapias",
    "Consultas médicas especializadas", "Laboratorio Clínico", "Imagenología", "Insumos",
    "Servicios de atención domiciliaria", "Medicamentos.",
)
TERMS_CLOSING = (
    "Es importante precisar que el éxito del proceso dependerá de la calidad de los documentos soporte que se "
    "adjunten y la información que haya sido diligenciada por parte de su médico tratante adscrito a la EPS. El "
    "Usuario o Afiliado con el mero hecho de Radicar la Solicitud y cargar los documentos soportes en el aplicativo "
    "garantiza la autenticidad de los mismos.",
    "Se garantizará la confidencialidad y protección de sus datos acorde a las políticas de seguridad de la "
    "información y tratamiento de datos, conforme a la normatividad vigente: Ley 1581 de 2012, Decreto 1377 de 2013 "
    "y demás normas concordantes.",
    "IMPORTANTE: Por medio de este mecanismo o aplicativo no se tramitan solicitudes NO PBS, es decir, que no se "
    "encuentren en la cobertura del Plan de Beneficios en Salud (PBS), las cuales serán tramitadas a través de la "
    "ruta Mipres, donde la EPS en conexión con el Ministerio de Salud y Protección Social puede consultar "
    "automáticamente la formulación y dar trámite a su autorización.",
)
MIPRES_LABEL = "Clic aquí para conocer la ruta Mipres."
MIPRES_URL = "https://www.minsalud.gov.co/salud/POS/Paginas/mipres.aspx"
NO_PBS_REMINDER = "Recuerda, este servicio en línea no permite solicitudes NO PBS"
ACCEPTANCE = "He leído la notificación juramentada y acepto los términos allí descritos."
