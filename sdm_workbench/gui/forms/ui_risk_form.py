# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'risk_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QFormLayout, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QScrollArea,
    QSizePolicy, QSpacerItem, QTabWidget, QVBoxLayout,
    QWidget)

class Ui_RiskForm(object):
    def setupUi(self, RiskForm):
        if not RiskForm.objectName():
            RiskForm.setObjectName(u"RiskForm")
        RiskForm.resize(1000, 300)
        self.formLayout = QVBoxLayout(RiskForm)
        self.formLayout.setSpacing(4)
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setContentsMargins(0, 4, 0, 0)
        self.headingLayout = QHBoxLayout()
        self.headingLayout.setSpacing(8)
        self.headingLayout.setObjectName(u"headingLayout")
        self.heading = QLabel(RiskForm)
        self.heading.setObjectName(u"heading")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.heading.sizePolicy().hasHeightForWidth())
        self.heading.setSizePolicy(sizePolicy)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.headingLayout.addWidget(self.heading)

        self.kindLabel = QLabel(RiskForm)
        self.kindLabel.setObjectName(u"kindLabel")

        self.headingLayout.addWidget(self.kindLabel)


        self.formLayout.addLayout(self.headingLayout)

        self.tabs = QTabWidget(RiskForm)
        self.tabs.setObjectName(u"tabs")
        self.tabs.setDocumentMode(True)
        self.detailsTab = QWidget()
        self.detailsTab.setObjectName(u"detailsTab")
        self.detailsTabLayout = QVBoxLayout(self.detailsTab)
        self.detailsTabLayout.setObjectName(u"detailsTabLayout")
        self.detailsTabLayout.setContentsMargins(0, 0, 0, 0)
        self.detailsScroll = QScrollArea(self.detailsTab)
        self.detailsScroll.setObjectName(u"detailsScroll")
        self.detailsScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detailsScroll.setWidgetResizable(True)
        self.detailsBody = QWidget()
        self.detailsBody.setObjectName(u"detailsBody")
        self.detailsBodyLayout = QVBoxLayout(self.detailsBody)
        self.detailsBodyLayout.setSpacing(8)
        self.detailsBodyLayout.setObjectName(u"detailsBodyLayout")
        self.detailsBodyLayout.setContentsMargins(8, 8, 8, 8)
        self.riskGroups = QHBoxLayout()
        self.riskGroups.setSpacing(8)
        self.riskGroups.setObjectName(u"riskGroups")
        self.itemGroup = QGroupBox(self.detailsBody)
        self.itemGroup.setObjectName(u"itemGroup")
        self.itemGroup.setProperty(u"fields", u"code title type category status")
        self.itemGroupLayout = QFormLayout(self.itemGroup)
        self.itemGroupLayout.setObjectName(u"itemGroupLayout")
        self.itemGroupLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.itemGroupLayout.setVerticalSpacing(4)

        self.riskGroups.addWidget(self.itemGroup)

        self.ownerGroup = QGroupBox(self.detailsBody)
        self.ownerGroup.setObjectName(u"ownerGroup")
        self.ownerGroup.setProperty(u"fields", u"project_id service_id owner_id")
        self.ownerGroupLayout = QFormLayout(self.ownerGroup)
        self.ownerGroupLayout.setObjectName(u"ownerGroupLayout")
        self.ownerGroupLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.ownerGroupLayout.setVerticalSpacing(4)

        self.riskGroups.addWidget(self.ownerGroup)

        self.assessmentGroup = QGroupBox(self.detailsBody)
        self.assessmentGroup.setObjectName(u"assessmentGroup")
        self.assessmentGroup.setProperty(u"fields", u"probability impact residual_probability residual_impact cost_impact")
        self.assessmentGroupLayout = QFormLayout(self.assessmentGroup)
        self.assessmentGroupLayout.setObjectName(u"assessmentGroupLayout")
        self.assessmentGroupLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.assessmentGroupLayout.setVerticalSpacing(4)

        self.riskGroups.addWidget(self.assessmentGroup)

        self.responseGroup = QGroupBox(self.detailsBody)
        self.responseGroup.setObjectName(u"responseGroup")
        self.responseGroup.setProperty(u"fields", u"response_strategy proximity raised_on review_date")
        self.responseGroupLayout = QFormLayout(self.responseGroup)
        self.responseGroupLayout.setObjectName(u"responseGroupLayout")
        self.responseGroupLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.responseGroupLayout.setVerticalSpacing(4)

        self.riskGroups.addWidget(self.responseGroup)

        self.riskGroups.setStretch(0, 3)
        self.riskGroups.setStretch(1, 2)
        self.riskGroups.setStretch(2, 2)
        self.riskGroups.setStretch(3, 2)

        self.detailsBodyLayout.addLayout(self.riskGroups)

        self.otherFields = QWidget(self.detailsBody)
        self.otherFields.setObjectName(u"otherFields")
        self.otherFields.setProperty(u"fields", u"*")
        self.otherGrid = QGridLayout(self.otherFields)
        self.otherGrid.setObjectName(u"otherGrid")
        self.otherGrid.setHorizontalSpacing(12)
        self.otherGrid.setVerticalSpacing(4)
        self.otherGrid.setContentsMargins(0, 0, 0, 0)

        self.detailsBodyLayout.addWidget(self.otherFields)

        self.detailsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.detailsBodyLayout.addItem(self.detailsSpacer)

        self.detailsScroll.setWidget(self.detailsBody)

        self.detailsTabLayout.addWidget(self.detailsScroll)

        self.tabs.addTab(self.detailsTab, "")
        self.notesTab = QWidget()
        self.notesTab.setObjectName(u"notesTab")
        self.notesTabLayout = QVBoxLayout(self.notesTab)
        self.notesTabLayout.setSpacing(6)
        self.notesTabLayout.setObjectName(u"notesTabLayout")
        self.notesTabLayout.setContentsMargins(8, 8, 8, 8)
        self.analysisGrid = QGridLayout()
        self.analysisGrid.setObjectName(u"analysisGrid")
        self.descriptionGroup = QGroupBox(self.notesTab)
        self.descriptionGroup.setObjectName(u"descriptionGroup")
        self.descriptionGroup.setProperty(u"fields", u"description")
        self.descriptionGroupLayout = QVBoxLayout(self.descriptionGroup)
        self.descriptionGroupLayout.setObjectName(u"descriptionGroupLayout")

        self.analysisGrid.addWidget(self.descriptionGroup, 0, 0, 1, 1)

        self.causeGroup = QGroupBox(self.notesTab)
        self.causeGroup.setObjectName(u"causeGroup")
        self.causeGroup.setProperty(u"fields", u"cause")
        self.causeGroupLayout = QVBoxLayout(self.causeGroup)
        self.causeGroupLayout.setObjectName(u"causeGroupLayout")

        self.analysisGrid.addWidget(self.causeGroup, 0, 1, 1, 1)

        self.effectGroup = QGroupBox(self.notesTab)
        self.effectGroup.setObjectName(u"effectGroup")
        self.effectGroup.setProperty(u"fields", u"effect")
        self.effectGroupLayout = QVBoxLayout(self.effectGroup)
        self.effectGroupLayout.setObjectName(u"effectGroupLayout")

        self.analysisGrid.addWidget(self.effectGroup, 1, 0, 1, 1)

        self.mitigationGroup = QGroupBox(self.notesTab)
        self.mitigationGroup.setObjectName(u"mitigationGroup")
        self.mitigationGroup.setProperty(u"fields", u"mitigation")
        self.mitigationGroupLayout = QVBoxLayout(self.mitigationGroup)
        self.mitigationGroupLayout.setObjectName(u"mitigationGroupLayout")

        self.analysisGrid.addWidget(self.mitigationGroup, 1, 1, 1, 1)


        self.notesTabLayout.addLayout(self.analysisGrid)

        self.notesArea = QWidget(self.notesTab)
        self.notesArea.setObjectName(u"notesArea")
        self.notesArea.setProperty(u"fields", u"*long")
        self.notesLayout = QVBoxLayout(self.notesArea)
        self.notesLayout.setSpacing(4)
        self.notesLayout.setObjectName(u"notesLayout")
        self.notesLayout.setContentsMargins(0, 0, 0, 0)

        self.notesTabLayout.addWidget(self.notesArea)

        self.tabs.addTab(self.notesTab, "")

        self.formLayout.addWidget(self.tabs)


        self.retranslateUi(RiskForm)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(RiskForm)
    # setupUi

    def retranslateUi(self, RiskForm):
        RiskForm.setWindowTitle(QCoreApplication.translate("RiskForm", u"RAID item details", None))
#if QT_CONFIG(tooltip)
        self.kindLabel.setToolTip(QCoreApplication.translate("RiskForm", u"What the selected row is", None))
#endif // QT_CONFIG(tooltip)
        self.itemGroup.setTitle(QCoreApplication.translate("RiskForm", u"Item", None))
        self.ownerGroup.setTitle(QCoreApplication.translate("RiskForm", u"Belongs to", None))
        self.assessmentGroup.setTitle(QCoreApplication.translate("RiskForm", u"Assessment (1-5)", None))
        self.responseGroup.setTitle(QCoreApplication.translate("RiskForm", u"Response", None))
        self.tabs.setTabText(self.tabs.indexOf(self.detailsTab), QCoreApplication.translate("RiskForm", u"Details", None))
        self.descriptionGroup.setTitle(QCoreApplication.translate("RiskForm", u"Description", None))
        self.causeGroup.setTitle(QCoreApplication.translate("RiskForm", u"Cause", None))
        self.effectGroup.setTitle(QCoreApplication.translate("RiskForm", u"Effect", None))
        self.mitigationGroup.setTitle(QCoreApplication.translate("RiskForm", u"Mitigation", None))
        self.tabs.setTabText(self.tabs.indexOf(self.notesTab), QCoreApplication.translate("RiskForm", u"Analysis", None))
    # retranslateUi

